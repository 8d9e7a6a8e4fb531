'use strict'
// Kinesis stand-in for the Glint local stack: kinesalite, in memory, bound to loopback only (its own cli.js listens on
// every interface). Started by io.glint.localstack.KinesisStandIn, which reads the "glint-ready" line for the port.
//
// Usage: node kinesis.js --port <port, 0 for any free one> [--createStreamMs n] [--deleteStreamMs n]
//                        [--updateStreamMs n] [--shardLimit n]

const kinesalite = require('kinesalite')

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
  return options
}

const options = parseArgs(process.argv.slice(2))
const port = options.port || 0
delete options.port

const server = kinesalite(options)
server.on('error', (err) => {
  // One line the Java side can turn into a clear message (EADDRINUSE: the port is taken).
  console.error('glint-error ' + (err.code || 'ERROR') + ' ' + err.message)
  process.exit(1)
})
server.listen(port, '127.0.0.1', () => {
  console.log('glint-ready port=' + server.address().port)
})

// The JVM holds our stdin open. When it goes away, even by SIGKILL with no chance to run its shutdown hook, stdin ends
// and this process follows it instead of lingering as an orphan.
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
