# fish completion for wsc(1), the command-line WebSocket client.
# Installed as $(datadir)/fish/vendor_completions.d/wsc.fish.  The options
# follow src/opts.c; tests/docs/test_docs.py checks them against 'wsc --help'.
#
# -x: the option takes a value that is not a file name.  An option taking a
# file name uses -r -F instead; one taking fixed choices adds -a, as --color.

# No file names: the only operand is the URL.
complete -c wsc -f

# Handshake
complete -c wsc -s s -l protocol -x -d 'Offer a subprotocol (repeatable, comma lists)'
complete -c wsc -s H -l header -x -d "Add a request header 'Name: value'"
complete -c wsc -s o -l origin -x -d 'Send this Origin verbatim'
complete -c wsc -s u -l user -x -d 'Basic authentication USER[:PASS]'
complete -c wsc -s A -l user-agent -x -d "Send this User-Agent ('' for none)"

# TLS
complete -c wsc -s k -l insecure -d 'Do not verify the certificate of the server'
complete -c wsc -l cacert -r -F -d 'Verify with the CA certificates in this PEM file'
complete -c wsc -l capath -r -F -d 'Verify with the CA certificates in this hashed directory'
complete -c wsc -l cert -r -F -d 'Client certificate (PEM) for mutual TLS'
complete -c wsc -l key -r -F -d 'Private key (PEM) of the client certificate'

# Connection
complete -c wsc -l proxy -x -d "HTTP CONNECT proxy http://[USER:PASS@]HOST:PORT ('' for none)"
complete -c wsc -l unix-socket -r -F -d 'Connect to this unix socket (@NAME: abstract)'
complete -c wsc -s 4 -l ipv4 -d 'Use IPv4 addresses only'
complete -c wsc -s 6 -l ipv6 -d 'Use IPv6 addresses only'
complete -c wsc -s L -l location -d 'Follow HTTP redirects of the upgrade'
complete -c wsc -l max-redirs -x -d 'Follow at most N redirects (0-4)'
complete -c wsc -l deflate -d 'Offer permessage-deflate compression'

# Sending
complete -c wsc -s x -l send -x -d 'Send a message after the handshake'
complete -c wsc -l send-file -r -F -d 'Send a whole file as one message (- for stdin)'
complete -c wsc -s b -l binary -d 'Send input messages as binary, not text'
complete -c wsc -s 0 -l null -d 'Split input and output on NUL, not newline'

# Ending
complete -c wsc -s w -l wait -x -d 'At end of input, close after SEC quiet seconds (0, inf)'
complete -c wsc -l close-code -x -d 'Close code: 1000 or 3000-4999'
complete -c wsc -l close-reason -x -d 'Close reason, at most 123 bytes of UTF-8'
complete -c wsc -l close-timeout -x -d 'Seconds to wait for the Close of the peer'

# Waiting
complete -c wsc -s n -l count -x -d 'End after N received messages'
complete -c wsc -s 1 -d 'End after one received message'
complete -c wsc -l until -x -d 'End at the first message matching a POSIX ERE'

# Timeouts and keepalive
complete -c wsc -s t -l timeout -x -d 'End the whole session after SEC seconds'
complete -c wsc -l connect-timeout -x -d 'Fail when not connected within SEC (0: no limit)'
complete -c wsc -l ping-interval -x -d 'Send a ping every SEC seconds'
complete -c wsc -l ping-timeout -x -d 'Fail when a ping is not answered within SEC'
complete -c wsc -l reconnect -d 'Reconnect after a failure or drop (--reconnect=N: at most N times)'

# Receiving
complete -c wsc -l binary-output -x -a 'raw hex base64' -d 'Show received binary as raw, hex or base64'
complete -c wsc -l max-message -x -d 'Fail on a larger message (K, M, G suffixes)'
complete -c wsc -s j -l json -d 'Pretty-print received JSON, refuse input that is not JSON'
complete -c wsc -l jsonl -d 'Write each message as a JSON line (-v: events too)'
complete -c wsc -l chat -x -d 'Talk the chat packets of the MDN chat example [NAME]'

# Interactive
complete -c wsc -s i -l interactive -d 'Use the line editor even without a terminal'
complete -c wsc -s I -l no-interactive -d 'Never use the line editor'
complete -c wsc -l raw-output -d 'Show server text unescaped, controls included'
complete -c wsc -l color -x -a 'auto always never' -d 'Colour in interactive mode'
complete -c wsc -l no-history -d 'Interactive mode: no history file'

# Listening
complete -c wsc -s l -l listen -x -d 'Accept WebSocket clients on [HOST:]PORT (0: any free port)'
complete -c wsc -l echo -d 'Listen mode: send every message back to its sender'
complete -c wsc -l once -d 'Listen mode: end when the first client leaves'
complete -c wsc -l print-port -d 'Listen mode: print the port number first'

# Diagnostics
complete -c wsc -s v -l verbose -d 'Report states, protocol and close'
complete -c wsc -s q -l quiet -d 'Print nothing but errors'
complete -c wsc -l show-secrets -d 'Do not redact secrets in -v output'
complete -c wsc -s h -l help -d 'Print the help and exit'
complete -c wsc -s V -l version -d 'Print versions and exit'

# The URL
complete -c wsc -n 'not string match -q -- "-*" (commandline -ct)' -a 'ws:// wss://' -d 'WebSocket URL'
