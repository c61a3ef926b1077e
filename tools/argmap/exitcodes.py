"""The exit statuses of every argmap command: 0 done, 1 problems found (or a file that cannot be
read or written), 2 a usage error, 3 a bug in argmap (the CLI's last line of defence)."""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
