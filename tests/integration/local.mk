# Integration tests (Python 3, TAP) against real peers on loopback.
INTEGRATION_TESTS = \
	tests/integration/test_echo.py \
	tests/integration/test_frames.py \
	tests/integration/test_handshake.py \
	tests/integration/test_lifecycle.py \
	tests/integration/test_exit_status.py \
	tests/integration/test_large.py \
	tests/integration/test_listen.py \
	tests/integration/test_json.py \
	tests/integration/test_chat.py \
	tests/integration/test_json_interactive.py \
	tests/integration/test_scripting.py \
	tests/integration/test_hostile.py \
	tests/integration/test_tls.py \
	tests/integration/test_interactive.py \
	tests/integration/test_interactive_more.py \
	tests/integration/test_binout.py \
	tests/integration/test_sendfile.py \
	tests/integration/test_timeouts.py \
	tests/integration/test_transport.py \
	tests/integration/test_badinput.py \
	tests/integration/test_security.py
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) \
	tests/integration/harness.py \
	tests/integration/certs.py \
	tests/integration/termdrive.py \
	tests/peers/connectproxy.py \
	tests/peers/rawpeer.py \
	tests/peers/chatpeer.py \
	tests/peers/wsecho.py
