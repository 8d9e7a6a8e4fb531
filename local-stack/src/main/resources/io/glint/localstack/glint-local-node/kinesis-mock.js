'use strict'
// Kinesis stand-in for the Glint local stack that implements resharding faithfully: kinesis-mock (npm kinesis-local),
// in memory. Unlike kinesalite, its GetRecords answers a closed shard's last page with ChildShards, which KCL 3 needs to
// finish a parent shard and start its children after SplitShard or MergeShards. It is slower past a few thousand
// records, so the stack uses kinesalite unless asked for this one. Started by io.glint.localstack.KinesisStandIn, which
// reads the "glint-ready" line for the port.
//
// Usage: node kinesis-mock.js --port <port, 0 for any free one> [--shardLimit n]

const net = require('net')
const path = require('path')
const { parseArgs, exitWhenStdinEnds } = require('./glint-script')

// kinesis-mock takes fixed ports only; a port of 0 is resolved here by asking the OS for a free one.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const port = probe.address().port
      probe.close(() => resolve(port))
    })
  })
}

function portTaken(port) {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', (err) => resolve(err.code === 'EADDRINUSE'))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)))
  })
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const port = options.port || await freePort()
  if (options.port && await portTaken(port)) {
    console.error('glint-error EADDRINUSE port ' + port + ' is in use')
    process.exit(1)
  }
  const packageDir = path.dirname(require.resolve('kinesis-local/package.json'))
  Object.assign(process.env, {
    KINESIS_MOCK_PLAIN_PORT: String(port),
    // The HTTPS listener cannot be turned off; it gets a free port of its own and nobody uses it.
    KINESIS_MOCK_TLS_PORT: String(await freePort()),
    KINESIS_MOCK_CERT_PATH: path.join(packageDir, 'server.json'),
    SHARD_LIMIT: String(options.shardLimit || 100),
    CREATE_STREAM_DURATION: '0ms',
    DELETE_STREAM_DURATION: '0ms',
    SPLIT_SHARD_DURATION: '0ms',
    MERGE_SHARDS_DURATION: '0ms',
    UPDATE_SHARD_COUNT_DURATION: '0ms',
    REGISTER_STREAM_CONSUMER_DURATION: '0ms',
    DEREGISTER_STREAM_CONSUMER_DURATION: '0ms',
    LOG_LEVEL: process.env.LOG_LEVEL || 'WARN',
    SHOULD_PERSIST_DATA: 'false',
  })
  require('kinesis-local/main.js')
  const deadline = Date.now() + 60_000
  while (!(await accepts(port))) {
    if (Date.now() > deadline) {
      console.error('glint-error TIMEOUT kinesis-mock did not listen on port ' + port + ' within 60 s')
      process.exit(1)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  console.log('glint-ready port=' + port)
}

main().catch((err) => {
  console.error('glint-error ' + (err.code || 'ERROR') + ' ' + err.message)
  process.exit(1)
})

exitWhenStdinEnds()
