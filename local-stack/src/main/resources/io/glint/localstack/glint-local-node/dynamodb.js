'use strict'
// DynamoDB stand-in for the Glint local stack: dynalite (npm, Apache-2.0), in memory, bound to loopback only, plus the
// operations dynalite lacks (TransactWriteItems, TransactGetItems, UpdateTimeToLive with a real TTL sweep), added in
// dynamodb-extensions.js. Started by io.glint.localstack.DynamoDbStandIn, which reads the "glint-ready" line.
//
// Usage: node dynamodb.js --port <port, 0 for any free one> [--ttlSweepMs n]
//        [--faultNonAtomicTransactions 1: for the conformance suite's proof that it notices, never otherwise]

const { parseArgs, exitWhenStdinEnds } = require('./glint-script')
const { startDynamoDb } = require('./dynamodb-extensions')

const options = parseArgs(process.argv.slice(2))
const server = startDynamoDb({
  ttlSweepMs: options.ttlSweepMs,
  faultNonAtomicTransactions: options.faultNonAtomicTransactions === 1,
})

server.on('error', (err) => {
  // One line the Java side can turn into a clear message (EADDRINUSE: the port is taken).
  console.error('glint-error ' + (err.code || 'ERROR') + ' ' + err.message)
  process.exit(1)
})
server.listen(options.port || 0, '127.0.0.1', () => {
  console.log('glint-ready port=' + server.address().port)
})

exitWhenStdinEnds()
