'use strict'
// What dynalite lacks and Glint or KCL call, with DynamoDB's semantics from the API reference:
// - TransactWriteItems: ConditionCheck, Put, Update and Delete across tables, all or nothing. Every item's lock is taken
//   (in one tick, so two transactions queue in the same order on every item they share and cannot deadlock), every
//   condition is checked before anything is written, the writes are computed by dynalite's own PutItem, UpdateItem and
//   DeleteItem code against a store that records instead of writing, and what they recorded (items and index entries)
//   goes into the database in one LevelDB batch. TransactionCanceledException carries CancellationReasons in request
//   order; ReturnValuesOnConditionCheckFailure, the same item twice, the 100-action limit and ClientRequestToken
//   idempotency (10 minutes) are as DynamoDB has them.
// - TransactGetItems: the items read under the same locks, so a read never sees half a transaction.
// - ReturnValuesOnConditionCheckFailure on PutItem, UpdateItem and DeleteItem (dynalite drops it): a failed condition
//   returns the item as it was checked, read under dynalite's own lock.
// - UpdateTable that creates or deletes a global secondary index (dynalite only changes throughput): KCL adds its
//   LeaseOwnerToLeaseKeyIndex this way. The index is back-filled item by item under each item's lock, then ACTIVE.
// - UpdateTimeToLive / DescribeTimeToLive, and a sweep that deletes expired items. DynamoDB deletes them within days
//   of expiry; the stand-in within seconds (--ttlSweepMs, 1 s by default), each with a condition that the expiry it saw
//   is still the item's, so an item whose expiry was moved meanwhile stays.
//
// dynalite has no extension points: this module routes the four operations to itself before dynalite's request handler
// sees them (dynalite answers UnknownOperationException for anything outside its list), and reaches dynalite's store by
// wrapping its db.create for the one call dynalite() makes. Both rest on dynalite's internals, so the version is pinned
// (PINNED_DYNALITE) and checked at start; the conformance suite (DynamoDbConformanceIT) exercises all of it through the
// AWS SDK.

const crypto = require('crypto')
const zlib = require('zlib')
const crc32 = require('buffer-crc32')
const dynalite = require('dynalite')
const db = require('dynalite/db')
const validations = require('dynalite/validations')

const PINNED_DYNALITE = '4.0.0'
const API = 'DynamoDB_20120810'
const MAX_REQUEST_BYTES = 16 * 1024 * 1024
const MAX_TRANSACTION_ACTIONS = 100
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000
/** DynamoDB leaves items whose expiry lies more than five years in the past alone. */
const TTL_HORIZON_SECONDS = 5 * 365 * 24 * 3600
const DEFAULT_TTL_SWEEP_MS = 1000

const actions = {
  putItem: require('dynalite/actions/putItem'),
  updateItem: require('dynalite/actions/updateItem'),
  deleteItem: require('dynalite/actions/deleteItem'),
  getItem: require('dynalite/actions/getItem'),
  updateTable: require('dynalite/actions/updateTable'),
}
const rules = {
  putItem: require('dynalite/validations/putItem'),
  updateItem: require('dynalite/validations/updateItem'),
  deleteItem: require('dynalite/validations/deleteItem'),
  getItem: require('dynalite/validations/getItem'),
  updateTable: require('dynalite/validations/updateTable'),
}

/** How each transaction action maps onto a single-item operation, and the members DynamoDB allows in it. */
const WRITE_ACTIONS = {
  ConditionCheck: {
    operation: 'deleteItem',
    members: [ 'TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
    required: [ 'ConditionExpression' ],
  },
  Put: {
    operation: 'putItem',
    members: [ 'TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
    required: [],
  },
  Update: {
    operation: 'updateItem',
    members: [ 'TableName', 'Key', 'UpdateExpression', 'ConditionExpression', 'ExpressionAttributeNames',
      'ExpressionAttributeValues' ],
    required: [ 'UpdateExpression' ],
  },
  Delete: {
    operation: 'deleteItem',
    members: [ 'TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
    required: [],
  },
}
const GET_MEMBERS = [ 'TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames' ]

/**
 * Creates dynalite's server, in memory, with tables active at once, extended with the operations above. Listening is
 * the caller's.
 */
function startDynamoDb (options) {
  const version = require('dynalite/package.json').version
  if (version !== PINNED_DYNALITE) {
    throw new Error('dynamodb-extensions.js is written against dynalite ' + PINNED_DYNALITE + ', found ' + version)
  }
  // Every response carries the CRC32 of its body (x-amz-crc32, which the AWS SDK checks). buffer-crc32 computes it in
  // JavaScript: a profile of BatchGetItems of 100 documents of 6 KB spent a fifth of the process's time there. Node's
  // zlib.crc32 (20.15 and later) is native and gives the same value; dynalite calls crc32.unsigned on the module it
  // shares with this one, so replacing the function serves its responses too.
  if (typeof zlib.crc32 === 'function') crc32.unsigned = (data) => zlib.crc32(data)
  let store
  const create = db.create
  db.create = function (storeOptions) {
    store = create(storeOptions)
    return store
  }
  let server
  try {
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  }
  finally {
    db.create = create
  }
  if (!store) throw new Error('dynalite did not create its store through db.create')

  const extension = new Extension(store, Boolean(options && options.faultNonAtomicTransactions))
  const [ dynaliteHandler ] = server.listeners('request')
  server.removeAllListeners('request')
  server.on('request', (req, res) => {
    const [ api, operation ] = (req.headers['x-amz-target'] || '').split('.')
    const handler = api === API && req.method === 'POST' ? extension.operations[operation] : undefined
    if (!handler) return dynaliteHandler(req, res)
    readRequest(req, res, (data) => {
      handler(data, (err, result) => {
        if (err) return sendError(res, err)
        send(res, 200, result)
      })
    })
  })

  const sweepMs = options && options.ttlSweepMs ? options.ttlSweepMs : DEFAULT_TTL_SWEEP_MS
  const sweeper = setInterval(() => extension.sweepExpired(), sweepMs)
  sweeper.unref()
  server.on('close', () => clearInterval(sweeper))
  return server
}

function Extension (store, nonAtomic) {
  this.store = store
  /**
   * A fault for the conformance suite to prove that it notices: each action is checked and written on its own, in
   * order, without the locks, as a naive implementation would. Never set outside that test.
   */
  this.nonAtomic = nonAtomic
  /** ClientRequestToken → { fingerprint, response (once done), expiresAt }, oldest first. */
  this.tokens = new Map()
  /** Table name → { createdAt, attributeName } while TTL is enabled on the table of that creation time. */
  this.ttl = new Map()
  this.sweeping = false
  this.operations = {
    TransactWriteItems: this.transactWriteItems.bind(this),
    TransactGetItems: this.transactGetItems.bind(this),
    PutItem: this.singleItemWrite.bind(this, 'putItem'),
    UpdateItem: this.singleItemWrite.bind(this, 'updateItem'),
    DeleteItem: this.singleItemWrite.bind(this, 'deleteItem'),
    UpdateTable: this.updateTable.bind(this),
    UpdateTimeToLive: this.updateTimeToLive.bind(this),
    DescribeTimeToLive: this.describeTimeToLive.bind(this),
  }
}

// ---- TransactWriteItems ------------------------------------------------------------------------------------------

Extension.prototype.transactWriteItems = function (request, cb) {
  let entries
  try {
    checkTransactItems(request.TransactItems)
    checkOptional(request, 'ReturnConsumedCapacity', [ 'INDEXES', 'TOTAL', 'NONE' ])
    checkOptional(request, 'ReturnItemCollectionMetrics', [ 'SIZE', 'NONE' ])
    if (request.ClientRequestToken != null) {
      if (typeof request.ClientRequestToken != 'string' || request.ClientRequestToken.length < 1 ||
          request.ClientRequestToken.length > 36) {
        throw db.validationError('1 validation error detected: Value at \'clientRequestToken\' failed to satisfy ' +
          'constraint: Member must have length between 1 and 36')
      }
    }
    entries = request.TransactItems.map((item) => {
      const kinds = Object.keys(item || {}).filter((kind) => item[kind] != null)
      if (kinds.length != 1 || !WRITE_ACTIONS[kinds[0]]) {
        throw db.validationError('TransactItems can only contain one of Check, Put, Update or Delete')
      }
      const kind = kinds[0]
      const spec = WRITE_ACTIONS[kind]
      const action = item[kind]
      spec.required.forEach((member) => {
        if (action[member] == null) {
          throw db.validationError('1 validation error detected: Value null at \'transactItems.' + kind.toLowerCase() +
            '.' + member.charAt(0).toLowerCase() + member.slice(1) + '\' failed to satisfy constraint: ' +
            'Member must not be null')
        }
      })
      checkOptional(action, 'ReturnValuesOnConditionCheckFailure', [ 'ALL_OLD', 'NONE' ])
      return {
        kind: kind,
        operation: spec.operation,
        data: this.prepare(spec.operation, pick(action, spec.members)),
        returnOldOnFailure: action.ReturnValuesOnConditionCheckFailure == 'ALL_OLD',
      }
    })
    const size = entries.reduce((sum, entry) => sum + (entry.data.Item ? db.itemSize(entry.data.Item) : 0), 0)
    if (size > MAX_TRANSACTION_BYTES) {
      throw db.validationError('Transaction request size exceeded the maximum allowed size of 4 MB')
    }
  }
  catch (err) {
    return cb(err)
  }

  const token = request.ClientRequestToken
  const fingerprint = token == null ? null : fingerprintOf(request)
  if (token != null) {
    this.forgetExpiredTokens()
    const seen = this.tokens.get(token)
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        return cb(awsError('IdempotentParameterMismatchException',
          'The request uses the same client token as a previous, but non-identical request.'))
      }
      if (!seen.response) {
        return cb(awsError('TransactionInProgressException',
          'The transaction with the given request token is already in progress.'))
      }
      return cb(null, seen.response)
    }
    this.tokens.set(token, { fingerprint: fingerprint, response: null, expiresAt: Date.now() + IDEMPOTENCY_WINDOW_MS })
  }
  const finish = (err, response) => {
    if (token != null) {
      if (err) this.tokens.delete(token)
      else this.tokens.get(token).response = response
    }
    cb(err, response)
  }

  this.locate(entries, (err) => {
    if (err) return finish(err)
    if (this.nonAtomic) return this.writeOneByOne(entries, finish)
    this.withLocks(entries, (release) => {
      const done = release(finish)
      this.readAll(entries, (err, existing) => {
        if (err) return done(err)
        const reasons = entries.map((entry, i) => conditionReason(entry, existing[i]))
        if (reasons.some((reason) => reason.Code != 'None')) return done(cancelled(reasons))
        this.computeWrites(entries, (err, batch, failures) => {
          if (err) return done(err)
          if (failures.some((reason) => reason.Code != 'None')) return done(cancelled(failures))
          this.store.db.batch(batch, (err) => {
            if (err) return done(err)
            const response = {}
            const capacity = consumedCapacity(request, entries, existing, false)
            if (capacity) response.ConsumedCapacity = capacity
            done(null, response)
          })
        })
      })
    })
  })
}

/** The fault above: what a transaction is not. */
Extension.prototype.writeOneByOne = function (entries, cb) {
  const reasons = entries.map(() => ({ Code: 'None' }))
  let i = 0
  const next = () => {
    if (i >= entries.length) return cb(null, {})
    const index = i++
    const entry = entries[index]
    const write = entry.kind == 'ConditionCheck'
      ? (done) => this.readAll([ entry ], (err, items) => done(err || db.checkConditional(entry.data, items[0])))
      : (done) => actions[entry.operation](this.store, entry.data, (err) => done(err))
    write((err) => {
      if (err && !err.statusCode) return cb(err)
      if (err) {
        reasons[index] = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
        return cb(cancelled(reasons))
      }
      setTimeout(next, 5)
    })
  }
  next()
}

Extension.prototype.forgetExpiredTokens = function () {
  const now = Date.now()
  for (const [ token, seen ] of this.tokens) {
    if (seen.expiresAt > now) break
    this.tokens.delete(token)
  }
}

/**
 * Runs dynalite's own single-item code for every write against a store that records instead of writing: the batch of
 * item and index writes it would make, and per action a reason (None, or ValidationError where the update cannot apply).
 */
Extension.prototype.computeWrites = function (entries, cb) {
  const recorder = recordingStore(this.store)
  const reasons = entries.map(() => ({ Code: 'None' }))
  let i = 0
  const next = () => {
    while (i < entries.length && entries[i].kind == 'ConditionCheck') i++
    if (i >= entries.length) return cb(null, recorder.batch, reasons)
    const index = i++
    actions[entries[index].operation](recorder.store, entries[index].data, (err) => {
      if (err && !err.statusCode) return cb(err)
      if (err) reasons[index] = { Code: 'ValidationError', Message: err.body.message || err.message }
      next()
    })
  }
  next()
}

/** A store for dynalite's actions whose locks are already held here and whose writes land in one batch. */
function recordingStore (store) {
  const batch = []
  const recorder = (prefix, reads) => ({
    lock: (key, fn) => fn((callback) => callback),
    get: reads ? reads.get.bind(reads) : undefined,
    put: (key, value, callback) => {
      batch.push({ type: 'put', key: prefix + key, value: value })
      setImmediate(callback)
    },
    del: (key, callback) => {
      batch.push({ type: 'del', key: prefix + key })
      setImmediate(callback)
    },
  })
  // The key prefixes are dynalite 4.0.0's sub-database names (db/index.js, getItemDb and getIndexDb) and '~'.
  const recording = Object.create(store)
  recording.getItemDb = (name) => recorder('item-' + name + '~', store.getItemDb(name))
  recording.getIndexDb = (indexType, tableName, indexName) =>
    recorder('index-' + indexType.toLowerCase() + '~' + tableName + '~' + indexName + '~', null)
  return { store: recording, batch: batch }
}

function conditionReason (entry, existingItem) {
  if (db.checkConditional(entry.data, existingItem) == null) return { Code: 'None' }
  const reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
  if (entry.returnOldOnFailure && existingItem) reason.Item = existingItem
  return reason
}

function cancelled (reasons) {
  const err = awsError('TransactionCanceledException',
    'Transaction cancelled, please refer cancellation reasons for specific reasons [' +
    reasons.map((reason) => reason.Code).join(', ') + ']')
  err.body.CancellationReasons = reasons
  return err
}

// ---- TransactGetItems --------------------------------------------------------------------------------------------

Extension.prototype.transactGetItems = function (request, cb) {
  let entries
  try {
    checkTransactItems(request.TransactItems)
    checkOptional(request, 'ReturnConsumedCapacity', [ 'INDEXES', 'TOTAL', 'NONE' ])
    entries = request.TransactItems.map((item) => {
      if (!item || item.Get == null || Object.keys(item).length != 1) {
        throw db.validationError('1 validation error detected: Value null at \'transactItems.member.get\' failed to ' +
          'satisfy constraint: Member must not be null')
      }
      return { kind: 'Get', operation: 'getItem', data: this.prepare('getItem', pick(item.Get, GET_MEMBERS)) }
    })
  }
  catch (err) {
    return cb(err)
  }
  this.locate(entries, (err) => {
    if (err) return cb(err)
    this.withLocks(entries, (release) => {
      const done = release(cb)
      const responses = new Array(entries.length)
      let pending = entries.length, failed = false
      entries.forEach((entry, i) => {
        actions.getItem(this.store, entry.data, (err, result) => {
          if (failed) return
          if (err) {
            failed = true
            return done(err)
          }
          responses[i] = result.Item ? { Item: result.Item } : {}
          if (--pending) return
          const size = responses.reduce((sum, r) => sum + (r.Item ? db.itemSize(r.Item) : 0), 0)
          if (size > MAX_TRANSACTION_BYTES) {
            return done(db.validationError('Transaction response size exceeded the maximum allowed size of 4 MB'))
          }
          const response = { Responses: responses }
          const capacity = consumedCapacity(request, entries, responses.map((r) => r.Item), true)
          if (capacity) response.ConsumedCapacity = capacity
          done(null, response)
        })
      })
    })
  })
}

// ---- What both transactions share --------------------------------------------------------------------------------

/** Validates a single-item request as dynalite does for that operation, parsing its expressions. */
Extension.prototype.prepare = function (operation, data) {
  const rule = rules[operation]
  const checked = validations.checkTypes(Object.assign({}, data), rule.types)
  validations.checkValidations(checked, rule.types, rule.custom, this.store)
  return checked
}

/**
 * Finds each entry's table and item key (entry.table, entry.key), checks keys, items and updates against the tables,
 * and refuses the same item twice.
 */
Extension.prototype.locate = function (entries, cb) {
  const names = [ ...new Set(entries.map((entry) => entry.data.TableName)) ]
  const tables = {}
  let pending = names.length, failed = false
  names.forEach((name) => {
    this.store.getTable(name, (err, table) => {
      if (failed) return
      if (err) {
        failed = true
        return cb(err)
      }
      tables[name] = table
      if (--pending) return
      const seen = new Set()
      for (const entry of entries) {
        const table = tables[entry.data.TableName]
        const invalid = entry.kind == 'Put'
          ? db.validateItem(entry.data.Item, table)
          : db.validateKey(entry.data.Key, table) ||
            (entry.kind == 'Update' ? db.validateUpdates(null, entry.data._updates, table) : null)
        if (invalid) return cb(invalid)
        entry.table = table
        entry.key = db.createKey(entry.kind == 'Put' ? entry.data.Item : entry.data.Key, table)
        const id = table.TableName + '\u0000' + entry.key
        if (seen.has(id)) {
          return cb(db.validationError('Transaction request cannot include multiple operations on one item'))
        }
        seen.add(id)
      }
      cb(null)
    })
  })
}

/**
 * Takes every entry's item lock, the same locks dynalite's single-item writes take. All are requested in one tick, so
 * two transactions queue in the same order on every item they share; fn gets dynalite's lock releaser: release(cb)
 * returns cb wrapped to release every lock first.
 */
Extension.prototype.withLocks = function (entries, fn) {
  const byTable = new Map()
  entries.forEach((entry) => {
    if (!byTable.has(entry.table.TableName)) byTable.set(entry.table.TableName, [])
    byTable.get(entry.table.TableName).push(entry.key)
  })
  const releasers = []
  let pending = byTable.size
  for (const [ name, keys ] of byTable) {
    this.store.getItemDb(name).lock(keys, (releaser) => {
      releasers.push(releaser)
      if (--pending) return
      fn((callback) => releasers.reduce((wrapped, releaser) => releaser(wrapped), callback))
    })
  }
}

Extension.prototype.readAll = function (entries, cb) {
  const items = new Array(entries.length)
  let pending = entries.length, failed = false
  entries.forEach((entry, i) => {
    this.store.getItemDb(entry.table.TableName).get(entry.key, (err, item) => {
      if (failed) return
      if (err && err.name != 'NotFoundError') {
        failed = true
        return cb(err)
      }
      items[i] = item || undefined
      if (!--pending) cb(null, items)
    })
  })
}

/** Transactions cost twice the capacity of the same single-item operations. */
function consumedCapacity (request, entries, items, isRead) {
  if (request.ReturnConsumedCapacity != 'TOTAL' && request.ReturnConsumedCapacity != 'INDEXES') return undefined
  const byTable = new Map()
  entries.forEach((entry, i) => {
    const item = entry.kind == 'Put' ? entry.data.Item : items[i]
    const units = 2 * db.capacityUnits(item, isRead || entry.kind == 'ConditionCheck', true)
    byTable.set(entry.data.TableName, (byTable.get(entry.data.TableName) || 0) + units)
  })
  return [ ...byTable ].map(([ name, units ]) => {
    const capacity = { TableName: name, CapacityUnits: units }
    if (isRead) capacity.ReadCapacityUnits = units
    else capacity.WriteCapacityUnits = units
    if (request.ReturnConsumedCapacity == 'INDEXES') capacity.Table = { CapacityUnits: units }
    return capacity
  })
}

function checkTransactItems (items) {
  if (items == null) {
    throw db.validationError('1 validation error detected: Value null at \'transactItems\' failed to satisfy ' +
      'constraint: Member must not be null')
  }
  if (!Array.isArray(items)) throw serializationError('Unexpected value type in payload')
  if (items.length < 1 || items.length > MAX_TRANSACTION_ACTIONS) {
    throw db.validationError('1 validation error detected: Value at \'transactItems\' failed to satisfy ' +
      'constraint: Member must have length ' + (items.length < 1 ? 'greater than or equal to 1' :
      'less than or equal to ' + MAX_TRANSACTION_ACTIONS))
  }
}

function checkOptional (data, member, allowed) {
  if (data[member] != null && !allowed.includes(data[member])) {
    throw db.validationError('1 validation error detected: Value \'' + data[member] + '\' at \'' +
      member.charAt(0).toLowerCase() + member.slice(1) + '\' failed to satisfy constraint: Member must satisfy ' +
      'enum value set: [' + allowed.join(', ') + ']')
  }
}

function pick (data, members) {
  const picked = {}
  members.forEach((member) => {
    if (data[member] != null) picked[member] = data[member]
  })
  return picked
}

function fingerprintOf (request) {
  const copy = Object.assign({}, request)
  delete copy.ClientRequestToken
  return crypto.createHash('sha256').update(JSON.stringify(copy)).digest('hex')
}

// ---- Single-item writes: ReturnValuesOnConditionCheckFailure ----------------------------------------------------

/**
 * Runs dynalite's own PutItem, UpdateItem or DeleteItem; where the caller asked for ALL_OLD, through a store that keeps
 * the item the action read (under its lock, so the item its condition was checked against), which a failed condition
 * then carries as DynamoDB's ConditionalCheckFailedException does.
 */
Extension.prototype.singleItemWrite = function (operation, request, cb) {
  let data
  const returnOld = request.ReturnValuesOnConditionCheckFailure
  try {
    checkOptional(request, 'ReturnValuesOnConditionCheckFailure', [ 'ALL_OLD', 'NONE' ])
    data = this.prepare(operation, request)
  }
  catch (err) {
    return cb(err)
  }
  if (returnOld != 'ALL_OLD') return actions[operation](this.store, data, cb)
  let checked
  const store = Object.create(this.store)
  store.getItemDb = (name) => {
    const itemDb = Object.create(this.store.getItemDb(name))
    itemDb.get = (key, callback) => this.store.getItemDb(name).get(key, (err, item) => {
      checked = item
      callback(err, item)
    })
    return itemDb
  }
  actions[operation](store, data, (err, result) => {
    if (err && err.body && /ConditionalCheckFailedException$/.test(err.body.__type) && checked) {
      err.body = Object.assign({}, err.body, { Item: checked })
    }
    cb(err, result)
  })
}

// ---- UpdateTable: global secondary indexes -----------------------------------------------------------------------

Extension.prototype.updateTable = function (request, cb) {
  const indexUpdates = Array.isArray(request.GlobalSecondaryIndexUpdates) ? request.GlobalSecondaryIndexUpdates : []
  const structural = indexUpdates.filter((update) => update && (update.Create || update.Delete))
  if (!structural.length) {
    let data
    try {
      data = this.prepare('updateTable', request)
    }
    catch (err) {
      return cb(err)
    }
    return actions.updateTable(this.store, data, cb)
  }
  try {
    checkTableName(request.TableName)
    if (indexUpdates.length != 1 || request.ProvisionedThroughput || request.BillingMode ||
        request.StreamSpecification || request.SSESpecification || request.ReplicaUpdates) {
      throw db.validationError('One or more parameter values were invalid: Only one global secondary index can be ' +
        'created or deleted per UpdateTable call, and not together with other changes')
    }
  }
  catch (err) {
    return cb(err)
  }
  const tableDb = this.store.tableDb
  tableDb.lock(request.TableName, (release) => {
    const done = release(cb)
    this.store.getTable(request.TableName, false, (err, table) => {
      if (err) return done(err)
      if (table.TableStatus != 'ACTIVE') {
        return done(awsError('ResourceInUseException', 'Attempt to change a resource which is still in use: Table is ' +
          'being updated: ' + table.TableName))
      }
      let index
      try {
        index = structural[0].Create ? newIndex(structural[0].Create, request, table) : null
      }
      catch (err) {
        return done(err)
      }
      const indexes = table.GlobalSecondaryIndexes || []
      if (index) {
        table.GlobalSecondaryIndexes = indexes.concat([ index ])
      }
      else {
        const name = structural[0].Delete.IndexName
        if (!indexes.some((existing) => existing.IndexName == name)) {
          return done(awsError('ResourceNotFoundException', 'Requested resource not found: Index: ' + name +
            ' not found'))
        }
        table.GlobalSecondaryIndexes = indexes.filter((existing) => existing.IndexName != name)
        if (!table.GlobalSecondaryIndexes.length) delete table.GlobalSecondaryIndexes
      }
      tableDb.put(table.TableName, table, (err) => {
        if (err) return done(err)
        done(null, { TableDescription: table })
        if (index) this.backfill(table.TableName, index.IndexName)
        else this.store.deleteIndexDb('Global', table.TableName, structural[0].Delete.IndexName, () => {})
      })
    })
  })
}

/**
 * Writes the new index's entries for every item already in the table, each under the item's lock so that a concurrent
 * write (which maintains the index itself once the table lists it) is never overwritten by a stale entry, then marks
 * the index ACTIVE.
 */
Extension.prototype.backfill = async function (tableName, indexName) {
  try {
    const itemDb = this.store.getItemDb(tableName)
    const keys = []
    for await (const key of itemDb.createKeyStream()) keys.push(key)
    for (const key of keys) {
      await new Promise((resolve, reject) => itemDb.lock(key, (release) => {
        const done = release((err) => err ? reject(err) : resolve())
        this.store.getTable(tableName, false, (err, table) => {
          if (err) return done(err)
          const index = (table.GlobalSecondaryIndexes || []).find((candidate) => candidate.IndexName == indexName)
          if (!index) return done()
          itemDb.get(key, (err, item) => {
            if (err && err.name != 'NotFoundError') return done(err)
            if (!item) return done()
            const entries = db.getIndexActions([ index ], null, item, table).puts
            const indexDb = this.store.getIndexDb('Global', tableName, indexName)
            let pending = entries.length
            if (!pending) return done()
            entries.forEach((entry) => indexDb.put(entry.key, entry.item, (err) => {
              if (err) return done(err)
              if (!--pending) done()
            }))
          })
        })
      }))
    }
    await new Promise((resolve, reject) => this.store.tableDb.lock(tableName, (release) => {
      const done = release((err) => err ? reject(err) : resolve())
      this.store.getTable(tableName, false, (err, table) => {
        if (err) return done(err)
        const index = (table.GlobalSecondaryIndexes || []).find((candidate) => candidate.IndexName == indexName)
        if (!index) return done()
        index.IndexStatus = 'ACTIVE'
        delete index.Backfilling
        this.store.tableDb.put(tableName, table, done)
      })
    }))
  }
  catch (err) {
    console.error('glint-dynamodb: back-filling index ' + indexName + ' of ' + tableName + ' failed: ' +
      (err && err.stack || err))
  }
}

/** The description of a global secondary index that UpdateTable's Create asks for, validated against the table. */
function newIndex (create, request, table) {
  const name = create.IndexName
  if (typeof name != 'string' || name.length < 3 || name.length > 255 || !/^[a-zA-Z0-9_.-]+$/.test(name)) {
    throw db.validationError('1 validation error detected: Value at \'globalSecondaryIndexUpdates.1.member.create.' +
      'indexName\' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+')
  }
  const existing = (table.GlobalSecondaryIndexes || []).concat(table.LocalSecondaryIndexes || [])
  if (existing.some((index) => index.IndexName == name)) {
    throw db.validationError('One or more parameter values were invalid: Index with name: ' + name +
      ' already exists')
  }
  const keySchema = create.KeySchema
  if (!Array.isArray(keySchema) || keySchema.length < 1 || keySchema.length > 2 || keySchema[0].KeyType != 'HASH' ||
      (keySchema[1] && keySchema[1].KeyType != 'RANGE')) {
    throw db.validationError('One or more parameter values were invalid: Invalid KeySchema: The first KeySchemaElement ' +
      'is not a HASH key type, or there are more than two')
  }
  const definitions = (table.AttributeDefinitions || []).slice()
  for (const definition of request.AttributeDefinitions || []) {
    const known = definitions.find((candidate) => candidate.AttributeName == definition.AttributeName)
    if (known && known.AttributeType != definition.AttributeType) {
      throw db.validationError('One or more parameter values were invalid: Cannot change the type of attribute ' +
        definition.AttributeName)
    }
    if (!known) definitions.push({ AttributeName: definition.AttributeName, AttributeType: definition.AttributeType })
  }
  for (const key of keySchema) {
    if (!definitions.some((definition) => definition.AttributeName == key.AttributeName)) {
      throw db.validationError('One or more parameter values were invalid: Some index key attributes are not defined ' +
        'in AttributeDefinitions. Keys: [' + keySchema.map((k) => k.AttributeName).join(', ') + ']')
    }
  }
  const projection = create.Projection || {}
  if (![ 'ALL', 'KEYS_ONLY', 'INCLUDE' ].includes(projection.ProjectionType)) {
    throw db.validationError('One or more parameter values were invalid: Unknown ProjectionType: ' +
      projection.ProjectionType)
  }
  const onDemand = ((table.BillingModeSummary || {}).BillingMode || 'PROVISIONED') == 'PAY_PER_REQUEST'
  if (onDemand && create.ProvisionedThroughput) {
    throw db.validationError('One or more parameter values were invalid: ProvisionedThroughput should not be specified ' +
      'for index: ' + name + ' when BillingMode is PAY_PER_REQUEST')
  }
  if (!onDemand && !create.ProvisionedThroughput) {
    throw db.validationError('One or more parameter values were invalid: ProvisionedThroughput must be specified for ' +
      'index: ' + name)
  }
  table.AttributeDefinitions = definitions
  const throughput = create.ProvisionedThroughput || { ReadCapacityUnits: 0, WriteCapacityUnits: 0 }
  return {
    IndexName: name,
    KeySchema: keySchema.map((key) => ({ AttributeName: key.AttributeName, KeyType: key.KeyType })),
    Projection: projection,
    IndexStatus: 'CREATING',
    Backfilling: true,
    ProvisionedThroughput: {
      ReadCapacityUnits: throughput.ReadCapacityUnits,
      WriteCapacityUnits: throughput.WriteCapacityUnits,
      NumberOfDecreasesToday: 0,
    },
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: table.TableArn + '/index/' + name,
  }
}

// ---- Time to live ------------------------------------------------------------------------------------------------

Extension.prototype.updateTimeToLive = function (request, cb) {
  const spec = request.TimeToLiveSpecification
  try {
    checkTableName(request.TableName)
    if (spec == null || typeof spec != 'object') {
      throw db.validationError('1 validation error detected: Value null at \'timeToLiveSpecification\' failed to ' +
        'satisfy constraint: Member must not be null')
    }
    if (typeof spec.Enabled != 'boolean') {
      throw db.validationError('1 validation error detected: Value null at \'timeToLiveSpecification.enabled\' ' +
        'failed to satisfy constraint: Member must not be null')
    }
    if (typeof spec.AttributeName != 'string' || spec.AttributeName.length < 1 || spec.AttributeName.length > 255) {
      throw db.validationError('1 validation error detected: Value at \'timeToLiveSpecification.attributeName\' ' +
        'failed to satisfy constraint: Member must have length between 1 and 255')
    }
  }
  catch (err) {
    return cb(err)
  }
  this.store.getTable(request.TableName, false, (err, table) => {
    if (err) return cb(err)
    const current = this.ttlOf(table)
    if (spec.Enabled && current) return cb(db.validationError('TimeToLive is already enabled'))
    if (!spec.Enabled && !current) return cb(db.validationError('TimeToLive is already disabled'))
    if (!spec.Enabled && current.attributeName != spec.AttributeName) {
      return cb(db.validationError('TimeToLive is active on a different AttributeName: current AttributeName is ' +
        current.attributeName))
    }
    if (spec.Enabled) {
      this.ttl.set(table.TableName, { createdAt: table.CreationDateTime, attributeName: spec.AttributeName })
    }
    else {
      this.ttl.delete(table.TableName)
    }
    cb(null, { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } })
  })
}

Extension.prototype.describeTimeToLive = function (request, cb) {
  try {
    checkTableName(request.TableName)
  }
  catch (err) {
    return cb(err)
  }
  this.store.getTable(request.TableName, false, (err, table) => {
    if (err) return cb(err)
    const current = this.ttlOf(table)
    cb(null, {
      TimeToLiveDescription: current
        ? { TimeToLiveStatus: 'ENABLED', AttributeName: current.attributeName }
        : { TimeToLiveStatus: 'DISABLED' },
    })
  })
}

/** The table's TTL setting, if it was made for this table and not for a deleted one of the same name. */
Extension.prototype.ttlOf = function (table) {
  const current = this.ttl.get(table.TableName)
  return current && current.createdAt === table.CreationDateTime ? current : null
}

/** Deletes every expired item of every table with TTL enabled, one sweep at a time. */
Extension.prototype.sweepExpired = async function () {
  if (this.sweeping || !this.ttl.size) return
  this.sweeping = true
  try {
    for (const name of [ ...this.ttl.keys() ]) {
      await this.sweepTable(name)
    }
  }
  catch (err) {
    console.error('glint-dynamodb: the TTL sweep failed: ' + (err && err.stack || err))
  }
  finally {
    this.sweeping = false
  }
}

Extension.prototype.sweepTable = async function (name) {
  let table
  try {
    table = await new Promise((resolve, reject) =>
      this.store.getTable(name, false, (err, table) => err ? reject(err) : resolve(table)))
  }
  catch {
    this.ttl.delete(name)
    return
  }
  const current = this.ttlOf(table)
  if (!current || table.TableStatus != 'ACTIVE') return
  const now = Date.now() / 1000
  const expired = []
  for await (const item of this.store.getItemDb(name).createValueStream()) {
    const expiry = item[current.attributeName]
    if (!expiry || expiry.N == null) continue
    const seconds = Number(expiry.N)
    if (seconds < now && seconds >= now - TTL_HORIZON_SECONDS) expired.push(item)
  }
  const keyNames = table.KeySchema.map((key) => key.AttributeName)
  for (const item of expired) {
    const data = this.prepare('deleteItem', {
      TableName: name,
      Key: pick(item, keyNames),
      ConditionExpression: '#expiry = :expiry',
      ExpressionAttributeNames: { '#expiry': current.attributeName },
      ExpressionAttributeValues: { ':expiry': item[current.attributeName] },
    })
    await new Promise((resolve) => actions.deleteItem(this.store, data, () => resolve()))
  }
}

function checkTableName (name) {
  if (name == null) {
    throw db.validationError('The parameter \'TableName\' is required but was not present in the request')
  }
  if (typeof name != 'string' || name.length < 3 || name.length > 255 || !/^[a-zA-Z0-9_.-]+$/.test(name)) {
    throw db.validationError('TableName must be at least 3 characters long and at most 255 characters long, and ' +
      'match [a-zA-Z0-9_.-]+')
  }
}

// ---- HTTP --------------------------------------------------------------------------------------------------------

/** Reads and parses the JSON body, answering as dynalite does when it is too large, not JSON, or not signed. */
function readRequest (req, res, cb) {
  const chunks = []
  let length = 0, tooLarge = false
  req.on('data', (chunk) => {
    length += chunk.length
    if (length > MAX_REQUEST_BYTES) tooLarge = true
    else chunks.push(chunk)
  })
  req.on('end', () => {
    if (tooLarge) {
      res.statusCode = 413
      return res.end()
    }
    const auth = req.headers.authorization
    if (!auth || auth.trim().slice(0, 5) != 'AWS4-') {
      return send(res, 400, { __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
        message: 'Request is missing Authentication Token' })
    }
    let data
    try {
      data = JSON.parse(Buffer.concat(chunks).toString() || 'null')
    }
    catch {
      data = null
    }
    if (data == null || typeof data != 'object' || Array.isArray(data)) {
      return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException' })
    }
    cb(data)
  })
}

function send (res, statusCode, body) {
  const json = JSON.stringify(body)
  res.statusCode = statusCode
  res.setHeader('x-amzn-RequestId', crypto.randomBytes(39).toString('base64').toUpperCase().replace(/\+|\//g, '0'))
  res.setHeader('x-amz-crc32', crc32.unsigned(json))
  res.setHeader('Content-Type', 'application/x-amz-json-1.0')
  res.setHeader('Content-Length', Buffer.byteLength(json, 'utf8'))
  res.end(json)
}

function sendError (res, err) {
  if (err && err.statusCode && err.body) return send(res, err.statusCode, err.body)
  console.error('glint-dynamodb: ' + (err && err.stack || err))
  send(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err) })
}

function awsError (type, message) {
  const err = new Error(message)
  err.statusCode = 400
  err.body = { __type: 'com.amazonaws.dynamodb.v20120810#' + type, message: message }
  return err
}

function serializationError (message) {
  const err = new Error(message)
  err.statusCode = 400
  err.body = { __type: 'com.amazon.coral.service#SerializationException', Message: message }
  return err
}

module.exports = { startDynamoDb }
