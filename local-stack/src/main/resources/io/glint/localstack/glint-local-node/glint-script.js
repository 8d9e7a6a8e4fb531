'use strict'
// What the stand-in scripts of the Glint local stack share: their command line and their exit with the JVM.

/** `--name value` pairs of whole non-negative numbers into {name: value}; `--port` must also be a port number. */
function parseArgs(args) {
  const options = {}
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith('--') || i + 1 >= args.length) {
      throw new Error('expected --name value pairs, got: ' + args.join(' '))
    }
    const value = Number(args[i + 1])
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(args[i] + ' must be a whole number, got: ' + args[i + 1])
    }
    options[args[i].slice(2)] = value
  }
  if (options.port !== undefined && options.port > 65535) {
    throw new Error('--port must be between 0 and 65535, got: ' + options.port)
  }
  return options
}

/**
 * The JVM holds our stdin open. When it goes away, even by SIGKILL with no chance to run its shutdown hook, stdin ends
 * and this process follows it instead of lingering as an orphan.
 */
function exitWhenStdinEnds() {
  process.stdin.on('end', () => process.exit(0))
  process.stdin.on('error', () => process.exit(0))
  process.stdin.resume()
}

module.exports = { parseArgs, exitWhenStdinEnds }
