#!/usr/bin/python3
"""The documentation agrees with the program (TAP).

'wsc --help' is parsed for its options (and checked against the getopt_long
table of src/opts.c).  Each option must be an entry of man/wsc.1 and appear
in the three completion files, which must list nothing else; the man page's
EXIT STATUS must list the values of src/exitcode.h in order; each completion
must complete an option and the URL in its own shell; mandoc -Tlint must be
silent.  Files are found through WSC_SRCDIR, so that VPATH builds work.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("WSC_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
WSC = os.environ.get("WSC") or os.path.join(SRCDIR, "src", "wsc")
MAN = os.path.join(SRCDIR, "man", "wsc.1")
COMPDIR = os.path.join(SRCDIR, "completions")
BASH_FILE = os.path.join(COMPDIR, "wsc.bash")
ZSH_FILE = os.path.join(COMPDIR, "_wsc")
FISH_FILE = os.path.join(COMPDIR, "wsc.fish")
OPTS_C = os.path.join(SRCDIR, "src", "opts.c")
EXITCODE_H = os.path.join(SRCDIR, "src", "exitcode.h")
TIMEOUT = 30


class Tap:
    """Numbered TAP lines, the plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, desc))
        if not cond:
            self.failed += 1
            for line in str(diag or "").splitlines():
                print("#   " + line)
        sys.stdout.flush()
        return cond

    def skip(self, desc, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, why))
        sys.stdout.flush()

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run(argv, env=None, inp=None):
    return subprocess.run(argv, input=inp, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=TIMEOUT,
                          universal_newlines=True)


def scratch_env(home):
    """An environment with no user configuration of any shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASH_FUNC_")}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
               XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CACHE_HOME=os.path.join(home, "cache"),
               TERM="xterm", LC_ALL="C.UTF-8")
    env.pop("ENV", None)
    env.pop("BASH_ENV", None)
    env.pop("ZDOTDIR", None)
    return env


# ---- what the program says ---------------------------------------------

def help_options(text):
    """{option: takes_argument} from --help, short and long forms alike."""
    opts = {}
    pat = re.compile(r"^\s+(?:(-[A-Za-z0-9])(?:, (--[a-z0-9][a-z0-9-]*))?|"
                     r"(--[a-z0-9][a-z0-9-]*))(.*)$")
    for line in text.splitlines():
        m = pat.match(line)
        if not m:
            continue
        short, long_ = m.group(1), m.group(2) or m.group(3)
        rest = m.group(4)
        # One space then a word is the argument; two or more, the text;
        # "[=N]" an optional argument (None: may be listed either way).
        takes = None if rest.startswith("[=") else bool(re.match(r"^[ =]\S", rest))
        for o in (short, long_):
            if o:
                opts[o] = takes
    return opts


def getopt_options(src):
    """{option: takes_argument} from the getopt_long table and short_opts."""
    opts = {}
    m = re.search(r'short_opts\[\]\s*=\s*"([^"]*)"', src)
    if m:
        s = m.group(1).lstrip(":+-")
        for i, c in enumerate(s):
            if c != ":":
                opts["-" + c] = s[i + 1:i + 2] == ":"
    for name, arg in re.findall(r'\{\s*"([a-z0-9-]+)",\s*(\w+)_argument', src):
        opts["--" + name] = None if arg == "optional" else arg != "no"
    return opts


# ---- what the man page says ---------------------------------------------

MACRO = re.compile(r"^[A-Z][a-z][a-z]?$")


def fl_args(line):
    """[(argument, followed_by_Ar)] for every Fl macro on an mdoc line."""
    toks = line[1:].split() if line.startswith(".") else []
    out = []
    infl = False
    for i, t in enumerate(toks):
        if t == "Fl":
            infl = True
        elif MACRO.match(t):
            infl = False
        elif infl and t not in (",", "|", "(", ")", ".", ";", ":"):
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            out.append((t.replace("\\-", "-"), nxt in ("Ar", "Oo")))
    return out


def fl_options(tok):
    """Options named by one Fl argument: '-null' is --null, '0bq' is -0 -b -q."""
    if tok.startswith("-"):
        return ["-" + tok]
    return ["-" + c for c in tok]


def man_sections(text):
    secs = {}
    name = None
    for line in text.splitlines():
        if line.startswith(".Sh "):
            name = line[4:].strip().strip('"')
            secs[name] = []
        elif name:
            secs[name].append(line)
    return secs


def man_entries(lines):
    """{option: takes_argument} for the .It Fl entries of a list."""
    out = {}
    for line in lines:
        if line.startswith(".It ") and " Fl " in " " + line[4:]:
            for t, takes in fl_args(line):
                for o in fl_options(t):
                    out[o] = takes
    return out


def man_mentions(lines):
    """Every option named by any Fl macro outside literal displays."""
    out = set()
    literal = False
    for line in lines:
        if line.startswith(".Bd") and "-literal" in line:
            literal = True
        elif line.startswith(".Ed"):
            literal = False
        elif not literal:
            for t, _ in fl_args(line):
                out.update(fl_options(t))
    return out


# ---- what the completions say -------------------------------------------

def bash_options(text):
    opts = {}
    for kind, takes, body in re.findall(r"local (long|short)_(arg|flag)='([^']*)'", text):
        for o in body.split():
            opts[o] = takes == "arg"
    return opts


def zsh_options(text):
    """Options of the _arguments specs: takes_argument when a ':' follows ']'."""
    opts = {}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("'") or "[" not in line:
            continue
        head, _, tail = line.partition("[")
        tail = tail.split("]", 1)[1] if "]" in tail else ""
        takes = tail.startswith(":")
        excl = " ".join(re.findall(r"\(([^)]*)\)", head))
        head = re.sub(r"\([^)]*\)", " ", head)
        for o in re.findall(r"(?<![\w-])(--?[A-Za-z0-9][\w-]*)", head):
            opts[o] = takes
        for o in re.findall(r"(?<![\w-])(--?[A-Za-z0-9][\w-]*)", excl):
            opts.setdefault(o, None)
    return opts


def fish_options(text):
    opts = {}
    for line in text.splitlines():
        if not line.startswith("complete "):
            continue
        toks = shlex.split(line, comments=True)
        names, takes, i = [], False, 1
        while i < len(toks):
            t = toks[i]
            if t in ("-s", "--short-option") and i + 1 < len(toks):
                names.append("-" + toks[i + 1])
                i += 1
            elif t in ("-l", "--long-option") and i + 1 < len(toks):
                names.append("--" + toks[i + 1])
                i += 1
            elif t in ("-x", "--exclusive", "-r", "--require-parameter"):
                takes = True
            elif t in ("-c", "--command", "-d", "--description", "-a",
                       "--arguments", "-n", "--condition", "-w", "--wraps",
                       "-o", "--old-option", "-k"):
                i += 1
            i += 1
        for o in names:
            opts[o] = takes
    return opts


def compare(tap, what, listed, known):
    missing = sorted(set(known) - set(listed))
    unknown = sorted(set(listed) - set(known))
    tap.ok(not missing, "%s: every option of --help is there" % what,
           "missing: %s" % " ".join(missing))
    tap.ok(not unknown, "%s: lists only options wsc knows" % what,
           "unknown to wsc --help: %s" % " ".join(unknown))
    wrong = sorted(o for o in set(listed) & set(known)
                   if listed[o] is not None and known[o] is not None
                   and listed[o] != known[o])
    tap.ok(not wrong, "%s: the same options take an argument" % what,
           "\n".join("%s: %s here, %s in --help" % (
               o, "argument" if listed[o] else "no argument",
               "argument" if known[o] else "no argument") for o in wrong))


# ---- completing in each shell -------------------------------------------

BASH_PROBE = r'''
source "$1" || exit 3
declare -F _wsc >/dev/null || { echo "no function _wsc" >&2; exit 3; }
probe() {
	COMP_WORDS=("${@:2}"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	unset COMP_LINE COMP_POINT
	if [[ $1 != - ]]; then COMP_LINE=$1; COMP_POINT=${#1}; fi
	COMPREPLY=()
	_wsc wsc "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf '%s\n' "${COMPREPLY[@]}" "--end--"
}
probe - wsc --clo
probe - wsc -
probe - wsc w
probe 'wsc wss:' wsc wss :
probe - wsc -w ''
'''

ZSH_PROBE = r'''
zmodload zsh/zpty || exit 3
compdir=$1 buffer=$2
zpty z zsh -f -i || exit 3
zpty -w z "PS1='' PROMPT='' RPROMPT=''"
zpty -w z "fpath=(${(q)compdir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false'
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "MATCH:$h"; done; builtin compadd "$@"; }'
zpty -w z 'wscdone() { print -r -- "WSC-DONE"; exit }; comppostfuncs=(wscdone)'
zpty -w z 'bindkey "^I" complete-word; bindkey "^M" undefined-key; bindkey "^J" undefined-key; print -r -- WSC-READY'
while zpty -r z line; do [[ $line == WSC-READY* ]] && break; done
zpty -w -n z "$buffer"$'\t'
while zpty -r z line; do
	line=${line//$'\r'/}
	[[ $line == *WSC-DONE* ]] && break
	[[ $line == *MATCH:* ]] && print -r -- ${line##*MATCH:}
done
zpty -d z
'''


def bash_checks(tap, known, home):
    bash = shutil.which("bash")
    if not bash:
        for d in ("bash: the completion has valid syntax",
                  "bash: completes options and URLs"):
            tap.skip(d, "bash not installed")
        return
    r = run([bash, "-n", BASH_FILE])
    tap.ok(r.returncode == 0, "bash: the completion has valid syntax", r.stderr)
    try:
        r = run([bash, "--norc", "--noprofile", "-c", BASH_PROBE, "probe", BASH_FILE],
                env=scratch_env(home))
    except subprocess.TimeoutExpired:
        tap.ok(False, "bash: completing 'wsc --clo' finishes", "timed out")
        return
    out = r.stdout.split("--end--\n")
    if not tap.ok(r.returncode == 0 and len(out) >= 5,
                  "bash: the completion function runs", r.stderr + r.stdout):
        return
    clo, dash, url, colon, wait = (o.split() for o in out[:5])
    tap.ok("--close-code" in clo and all(o.startswith("--clo") for o in clo),
           "bash: 'wsc --clo' completes to --close-code", " ".join(clo))
    tap.ok(set(dash) == set(known), "bash: 'wsc -' offers every option",
           "got: %s" % " ".join(sorted(dash)))
    tap.ok(sorted(url) == ["ws://", "wss://"], "bash: 'wsc w' offers ws:// and wss://",
           " ".join(url))
    tap.ok(colon == ["//"], "bash: 'wsc wss:' completes the part after the colon",
           " ".join(colon))
    tap.ok(wait == [], "bash: no guess for the value of -w", " ".join(wait))


def zsh_checks(tap, known, home):
    zsh = shutil.which("zsh")
    if not zsh:
        for d in ("zsh: the completion has valid syntax",
                  "zsh: completes options and URLs"):
            tap.skip(d, "zsh not installed")
        return
    r = run([zsh, "-n", ZSH_FILE])
    tap.ok(r.returncode == 0, "zsh: the completion has valid syntax", r.stderr)
    results = {}
    for buf in ("wsc --clo", "wsc -", "wsc w"):
        try:
            r = run([zsh, "-f", "-c", ZSH_PROBE, "probe", COMPDIR, buf],
                    env=scratch_env(home))
        except subprocess.TimeoutExpired:
            tap.ok(False, "zsh: completing '%s' finishes" % buf, "timed out")
            return
        if r.returncode == 3:
            tap.skip("zsh: completes options and URLs", "no zsh/zpty module")
            return
        results[buf] = [w.strip() for w in r.stdout.splitlines() if w.strip()]
    clo = results["wsc --clo"]
    tap.ok("--close-code" in clo and all(o.startswith("--clo") for o in clo),
           "zsh: 'wsc --clo' completes to --close-code", " ".join(clo))
    tap.ok(set(results["wsc -"]) == set(known), "zsh: 'wsc -' offers every option",
           "got: %s" % " ".join(sorted(results["wsc -"])))
    tap.ok(sorted(results["wsc w"]) == ["ws://", "wss://"],
           "zsh: 'wsc w' offers ws:// and wss://", " ".join(results["wsc w"]))


def fish_checks(tap, known, home):
    fish = shutil.which("fish")
    if not fish:
        for d in ("fish: the completion has valid syntax",
                  "fish: completes options and URLs"):
            tap.skip(d, "fish not installed")
        return
    r = run([fish, "--no-execute", FISH_FILE])
    tap.ok(r.returncode == 0, "fish: the completion has valid syntax", r.stderr)
    results = {}
    for buf in ("wsc --clo", "wsc -", "wsc w"):
        script = "source %s; or exit 3; complete -C %s" % (
            shlex.quote(FISH_FILE), shlex.quote(buf))
        try:
            r = run([fish, "-c", script], env=scratch_env(home))
        except subprocess.TimeoutExpired:
            tap.ok(False, "fish: completing '%s' finishes" % buf, "timed out")
            return
        results[buf] = [w.split("\t")[0] for w in r.stdout.splitlines() if w]
    clo = results["wsc --clo"]
    tap.ok("--close-code" in clo and all(o.startswith("--clo") for o in clo),
           "fish: 'wsc --clo' completes to --close-code", " ".join(clo))
    tap.ok(set(results["wsc -"]) == set(known), "fish: 'wsc -' offers every option",
           "got: %s" % " ".join(sorted(results["wsc -"])))
    tap.ok(sorted(results["wsc w"]) == ["ws://", "wss://"],
           "fish: 'wsc w' offers ws:// and wss://", " ".join(results["wsc w"]))


# ---- the cases ----------------------------------------------------------

def main():
    tap = Tap()
    r = run([WSC, "--help"])
    known = help_options(r.stdout)
    if not tap.ok(r.returncode == 0 and len(known) > 4,
                  "wsc --help exits 0 and lists options",
                  "rc %d, options %r\n%s" % (r.returncode, known, r.stderr)):
        tap.done()

    if os.path.exists(OPTS_C):
        table = getopt_options(read(OPTS_C))
        compare(tap, "--help against the getopt_long table of src/opts.c",
                known, table)
    else:
        tap.skip("--help against the getopt_long table", "src/opts.c not found")

    man = read(MAN)
    secs = man_sections(man)
    entries = man_entries(secs.get("DESCRIPTION", []))
    compare(tap, "man/wsc.1 .It Fl entries", entries, known)
    mentions = man_mentions(man.splitlines())
    unknown = sorted(mentions - set(known))
    tap.ok(not unknown, "man/wsc.1: every Fl names an option of wsc",
           "unknown: %s" % " ".join(unknown))
    # The SYNOPSIS names an option by its short form when it has one.
    synopsis = man_mentions(secs.get("SYNOPSIS", []))
    paired = dict(re.findall(r"^\s+(-[A-Za-z0-9]), (--[a-z0-9-]+)", r.stdout, re.M))
    wanted = {o for o in known if o not in paired.values()}
    missing = sorted(wanted - synopsis)
    tap.ok(not missing, "man/wsc.1: the SYNOPSIS names every option",
           "missing: %s" % " ".join(missing))

    compare(tap, "completions/wsc.bash", bash_options(read(BASH_FILE)), known)
    compare(tap, "completions/_wsc", zsh_options(read(ZSH_FILE)), known)
    compare(tap, "completions/wsc.fish", fish_options(read(FISH_FILE)), known)

    codes = [int(v) for v in re.findall(r"^\s*WSC_EXIT_\w+\s*=\s*(\d+)",
                                         read(EXITCODE_H), re.M)]
    listed = [int(v) for v in re.findall(r"^\.It\s+(\d+)\s*$",
                                          "\n".join(secs.get("EXIT STATUS", [])), re.M)]
    tap.ok(codes and listed == codes,
           "man/wsc.1: EXIT STATUS lists src/exitcode.h's values in order",
           "exitcode.h: %s\nman page:   %s" % (codes, listed))

    home = tempfile.mkdtemp(prefix="wsc-docs-")
    try:
        bash_checks(tap, known, home)
        zsh_checks(tap, known, home)
        fish_checks(tap, known, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    mandoc = shutil.which("mandoc")
    if mandoc:
        r = run([mandoc, "-Tlint", "-Wwarning", MAN])
        tap.ok(r.returncode == 0 and not r.stdout and not r.stderr,
               "mandoc -Tlint -Wwarning man/wsc.1 is silent", r.stdout + r.stderr)
    else:
        tap.skip("mandoc -Tlint -Wwarning man/wsc.1 is silent", "mandoc not installed")
    tap.done()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a broken harness is a hard error, not a failure
        import traceback
        traceback.print_exc()
        print("Bail out! %s" % e)
        sys.exit(99)
