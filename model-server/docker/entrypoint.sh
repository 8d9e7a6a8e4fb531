#!/bin/sh
# SageMaker starts an inference container as `<image> serve`; that runs the model server. Anything else runs as given
# (e.g. `docker run -it <image> sh` to look around).
set -eu

if [ "$#" -eq 0 ] || [ "$1" = "serve" ]; then
    # exec: the JVM becomes PID 1 and receives SageMaker's SIGTERM directly.
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    exec java ${JAVA_OPTS:-} -jar /opt/glint/glint.jar model-server
fi
exec "$@"
