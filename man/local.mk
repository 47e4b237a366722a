# The manual page (mdoc), installed and distributed as written.
dist_man_MANS = man/wsc.1
