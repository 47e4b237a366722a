# Shell completions, installed under the prefix by default (see the
# --with-{bash,zsh,fish}-completion-dir options of configure).
EXTRA_DIST += completions/wsc.bash completions/_wsc completions/wsc.fish

# bash-completion loads a command's completion from a file named after it.
completions/wsc: completions/wsc.bash
	$(AM_V_GEN)$(MKDIR_P) completions && \
	cp $(srcdir)/completions/wsc.bash $@
CLEANFILES += completions/wsc

if BASH_COMPLETION
bashcompletion_DATA = completions/wsc
endif
if ZSH_COMPLETION
zshcompletion_DATA = completions/_wsc
endif
if FISH_COMPLETION
fishcompletion_DATA = completions/wsc.fish
endif
