#!/bin/bash
# The container's health: the bus answers 200 on its readiness probe. Bash's /dev/tcp needs no curl or wget,
# which the runtime image does not have. Usage: healthcheck.sh [port] [path]
port="${1:-8080}"
path="${2:-/observe/health/ready}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
read -r -t 5 _ status _ <&3 || exit 1
[ "${status}" = "200" ]
