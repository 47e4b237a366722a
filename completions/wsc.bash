# bash completion for wsc(1), the command-line WebSocket client.
# Installed as $(datadir)/bash-completion/completions/wsc.  The option
# lists follow src/opts.c; tests/docs/test_docs.py checks them against
# 'wsc --help'.

_wsc()
{
	local cur prev

	# Options taking an argument, and options that do not.
	local long_arg='--binary-output --cacert --capath --cert --chat --close-code --close-reason --close-timeout --color --connect-timeout --count --header --key --listen --max-message --max-redirs --origin --ping-interval --ping-timeout --protocol --proxy --send --send-file --timeout --unix-socket --until --user --user-agent --wait'
	local long_flag='--binary --deflate --echo --help --insecure --interactive --ipv4 --ipv6 --json --jsonl --location --no-history --no-interactive --null --once --print-port --quiet --raw-output --reconnect --show-secrets --verbose --version'
	local short_arg='-A -H -l -n -o -s -t -u -w -x'
	local short_flag='-0 -1 -4 -6 -b -h -i -I -j -k -L -q -v -V'

	if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
		# bash-completion: keep "ws://host" one word despite the colon.
		_get_comp_words_by_ref -n := cur prev
	elif [[ -n ${COMP_LINE-} ]]; then
		# Split the line on blanks only, so that neither ':' nor '='
		# breaks "ws://host" or "--wait=1" into several words.
		local line=${COMP_LINE:0:COMP_POINT}
		cur=${line##*[[:space:]]}
		line=${line%"$cur"}
		line=${line%"${line##*[![:space:]]}"}
		prev=${line##*[[:space:]]}
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=
		((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	COMPREPLY=()

	# --option=value: complete the value of that option.
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	elif [[ " $long_arg $short_arg " != *" $prev "* ]]; then
		prev=
	fi

	case $prev in
	# Options taking a file name:
	--cacert|--capath|--cert|--key|--send-file|--unix-socket)
		_wsc_files "$cur"
		return 0
		;;
	# Options taking one of fixed choices:
	--color)
		_wsc_words 'auto always never' "$cur"
		return 0
		;;
	--binary-output)
		_wsc_words 'raw hex base64' "$cur"
		return 0
		;;
	'')
		;;
	*)
		# A free-form value (a number, a header, a message): no guess.
		return 0
		;;
	esac

	case $cur in
	-*)
		_wsc_words "$long_arg $long_flag $short_arg $short_flag" "$cur"
		;;
	*)
		_wsc_words 'ws:// wss://' "$cur"
		compopt -o nospace 2>/dev/null
		;;
	esac
	return 0
}

# Sets COMPREPLY to the words of list that start with cur.
_wsc_words()
{
	local w
	COMPREPLY=()
	for w in $1; do
		[[ $w == "$2"* ]] && COMPREPLY+=("$w")
	done
	# With ':' in COMP_WORDBREAKS bash replaces only the part after it.
	if [[ $2 == *:* && $COMP_WORDBREAKS == *:* ]]; then
		local pre=${2%"${2##*:}"}
		COMPREPLY=("${COMPREPLY[@]#"$pre"}")
	fi
}

# Sets COMPREPLY to the file names that start with cur.
_wsc_files()
{
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

complete -F _wsc wsc
