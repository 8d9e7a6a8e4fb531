'use strict'
// Kinesis stand-in for the Glint local stack: kinesalite, in memory, bound to loopback only (its own cli.js listens on
// every interface). Started by io.glint.localstack.KinesisStandIn, which reads the "glint-ready" line for the port.
//
// Usage: node kinesis.js --port <port, 0 for any free one> [--createStreamMs n] [--deleteStreamMs n]
//                        [--updateStreamMs n] [--shardLimit n]

const kinesalite = require('kinesalite')
const { parseArgs, exitWhenStdinEnds } = require('./glint-script')

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

exitWhenStdinEnds()
