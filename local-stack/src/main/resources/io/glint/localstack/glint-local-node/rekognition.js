'use strict'
// Rekognition stand-in for the Glint local stack: answers DetectLabels, DetectModerationLabels and DetectFaces in
// Rekognition's own protocol (AWS JSON 1.1: POST /, X-Amz-Target "RekognitionService.<Operation>", content type
// application/x-amz-json-1.1) with real models shipped inside npm packages, on TensorFlow.js's WebAssembly backend:
// nsfwjs (MobileNetV2) for moderation, @vladmandic/human for COCO objects (CenterNet) and faces (BlazeFace, FaceMesh,
// FaceRes for age and gender). For development and tests only: on AWS the real Rekognition answers. Signatures are
// not checked (the SDK's SigV4 headers are accepted as they are); it listens on loopback only.
//
// Started by io.glint.localstack.RekognitionStandIn, which reads the "glint-ready port=<port>" line, printed once the
// models are loaded. A JSON line on stdin such as {"s3":{"endpoint":"http://127.0.0.1:9000","region":"us-east-1",
// "accessKeyId":"...","secretAccessKey":"..."}} lets Image.S3Object requests read from the local S3 (signed with
// SigV4); without it they fail with InvalidS3ObjectException. The process exits when its stdin ends.
//
// Usage: node rekognition.js --port <port, 0 for any free one>

const crypto = require('crypto')
const fs = require('fs')
const http = require('http')
const path = require('path')
const readline = require('readline')

const tf = require('@tensorflow/tfjs')
const wasm = require('@tensorflow/tfjs-backend-wasm')
const jpeg = require('jpeg-js')
const { PNG } = require('pngjs')
const { parseArgs } = require('./glint-script')
const { COCO_LABELS, ANCESTOR_PARENTS, MODERATION, CONTENT_TYPES } = require('./rekognition-taxonomy')

/** Rekognition's limit for Image.Bytes (raw, before base64). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024
/** Rekognition's limit for an image read from S3. */
const MAX_S3_IMAGE_BYTES = 15 * 1024 * 1024
/** The largest request body read: 5 MB of image as base64 plus the other parameters. */
const MAX_BODY_BYTES = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024
/** Decoded pixels at most (an 8000 x 8000 photo); a larger image is refused before it is decoded. */
const MAX_PIXELS = 64 * 1000 * 1000
const LABEL_MODEL_VERSION = '3.0'
const MODERATION_MODEL_VERSION = '7.0'
/** Below this, a detector's guess is noise, whatever MinConfidence asks for. */
const OBJECT_FLOOR = 0.1
const FACE_FLOOR = 0.3

/** A client error in Rekognition's terms: answered with status 400 and {"__type": type, "Message": message}. */
function apiError(type, message) {
  return Object.assign(new Error(message), { type, status: 400 })
}

// ---------------------------------------------------------------------------------------------------------------------
// Models

/** tfjs reads models from URLs; Node's fetch cannot read file:// URLs, so this IO router reads them from disk. */
function registerFileModelLoader() {
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) {
      return null
    }
    const file = new URL(url).pathname
    return {
      load: async () => {
        const modelJson = JSON.parse(await fs.promises.readFile(file, 'utf8'))
        return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
          const buffers = []
          for (const group of manifest) {
            for (const weights of group.paths) {
              const data = await fs.promises.readFile(path.join(path.dirname(file), weights))
              buffers.push(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
            }
          }
          return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)]
        })
      },
    }
  })
}

/**
 * nsfwjs's MobileNetV2, from the model files the package ships as JavaScript modules. Read directly rather than
 * through nsfwjs's own loader, which copies the 3.5 MB weight string property by property and takes five seconds.
 */
async function loadModerationModel() {
  const nsfwjs = require('nsfwjs')
  const modelDirectory = path.resolve(path.dirname(require.resolve('nsfwjs')), '..', '..', 'dist/models/mobilenet_v2')
  const modelJson = require(path.join(modelDirectory, 'model.min.js'))
  const weights = Buffer.from(require(path.join(modelDirectory, 'group1-shard1of1.min.js')), 'base64')
  const artifacts = {
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }
  return nsfwjs.load(tf.io.fromMemory(artifacts), { size: 224 })
}

/** human's settings for one kind of analysis: everything else off, no frame caching (each request is a new image). */
function humanConfig({ objects = false, faces = false, faceAttributes = false } = {}) {
  return {
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    segmentation: { enabled: false },
    object: { enabled: objects, minConfidence: OBJECT_FLOOR, maxDetected: 100, skipFrames: 0 },
    face: {
      enabled: faces,
      detector: { rotation: false, maxDetected: 100, minConfidence: FACE_FLOOR, skipFrames: 0, return: false },
      // keepInvalid: a face whose mesh does not fit is still a face (it only lacks pose and fine landmarks).
      mesh: { enabled: faces, keepInvalid: true, skipFrames: 0 },
      description: { enabled: faces && faceAttributes, skipFrames: 0 },
      iris: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  }
}

async function loadHumanModels(wasmPath) {
  const humanDist = path.dirname(require.resolve('@vladmandic/human'))
  // The WASM build, which uses the @tensorflow packages installed beside it (its package exports do not list it).
  const { Human } = require(path.join(humanDist, 'human.node-wasm.js'))
  const human = new Human({
    ...humanConfig({ objects: true, faces: true, faceAttributes: true }),
    backend: 'wasm',
    wasmPath,
    modelBasePath: 'file://' + path.join(humanDist, '..', 'models') + '/',
    cacheModels: false,
    warmup: 'none',
    debug: false,
  })
  await human.load()
  return human
}

async function loadModels() {
  const started = Date.now()
  registerFileModelLoader()
  const wasmPath = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep
  wasm.setWasmPaths(wasmPath)
  if (!(await tf.setBackend('wasm'))) {
    throw new Error('the TensorFlow.js WASM backend did not initialise')
  }
  await tf.ready()
  const moderation = await loadModerationModel()
  const human = await loadHumanModels(wasmPath)
  console.log('models loaded in ' + (Date.now() - started) + ' ms (backend ' + tf.getBackend() + ')')
  return { moderation, human }
}

// ---------------------------------------------------------------------------------------------------------------------
// Images

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff])
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function invalidImage(detail) {
  return apiError('InvalidImageFormatException', 'Request has invalid image format' + (detail ? ': ' + detail : ''))
}

/** JPEG or PNG bytes → {pixels: RGB bytes, width, height}; anything else is InvalidImageFormatException. */
function decodeImage(bytes) {
  if (bytes.length >= 3 && bytes.subarray(0, 3).equals(JPEG_MAGIC)) {
    let image
    try {
      image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: 1024,
      })
    } catch (err) {
      throw invalidImage('JPEG: ' + err.message)
    }
    if (image.data.length !== image.width * image.height * 3) {
      throw invalidImage('JPEG with ' + image.data.length / (image.width * image.height) + ' channels')
    }
    return { pixels: image.data, width: image.width, height: image.height }
  }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_MAGIC)) {
    let image
    try {
      // Read the size first: a PNG's header may claim any size, and RGBA for it is allocated before decoding.
      const width = bytes.readUInt32BE(16)
      const height = bytes.readUInt32BE(20)
      if (width * height > MAX_PIXELS) {
        throw new Error(width + ' x ' + height + ' pixels is more than ' + MAX_PIXELS)
      }
      image = PNG.sync.read(bytes)
    } catch (err) {
      throw invalidImage('PNG: ' + err.message)
    }
    // RGBA → RGB over a white background, as a viewer shows a transparent image.
    const { width, height, data } = image
    const pixels = new Uint8Array(width * height * 3)
    for (let source = 0, target = 0; source < data.length; source += 4, target += 3) {
      const alpha = data[source + 3] / 255
      pixels[target] = Math.round(data[source] * alpha + 255 * (1 - alpha))
      pixels[target + 1] = Math.round(data[source + 1] * alpha + 255 * (1 - alpha))
      pixels[target + 2] = Math.round(data[source + 2] * alpha + 255 * (1 - alpha))
    }
    return { pixels, width, height }
  }
  throw apiError('InvalidImageFormatException', 'Request has unsupported image format: only JPEG and PNG are')
}

// ---------------------------------------------------------------------------------------------------------------------
// S3 (Image.S3Object), signed with SigV4 for the local S3, which checks signatures

let s3Settings = null

function hmac(key, text) {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest()
}

function sha256Hex(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex')
}

function uriEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

/** GET of one object, path style, signed with SigV4 (header auth, unsigned payload). */
async function readS3Object({ Bucket: bucket, Name: key, Version: version }) {
  if (typeof bucket !== 'string' || typeof key !== 'string' || !bucket || !key) {
    throw apiError('InvalidParameterException', 'Image.S3Object needs Bucket and Name')
  }
  if (!s3Settings) {
    throw apiError(
      'InvalidS3ObjectException',
      'Unable to get object metadata from S3: this local Rekognition has no S3 endpoint configured'
    )
  }
  const { endpoint, region, accessKeyId, secretAccessKey } = s3Settings
  const base = new URL(endpoint)
  const canonicalUri = '/' + [bucket, ...key.split('/')].map(uriEncode).join('/')
  const canonicalQuery = version ? 'versionId=' + uriEncode(version) : ''
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '')
  const day = amzDate.slice(0, 8)
  const payloadHash = 'UNSIGNED-PAYLOAD'
  const signedHeaders = 'host;x-amz-content-sha256;x-amz-date'
  const canonicalRequest = [
    'GET',
    canonicalUri,
    canonicalQuery,
    'host:' + base.host + '\nx-amz-content-sha256:' + payloadHash + '\nx-amz-date:' + amzDate + '\n',
    signedHeaders,
    payloadHash,
  ].join('\n')
  const scope = day + '/' + region + '/s3/aws4_request'
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
  const signingKey = hmac(hmac(hmac(hmac('AWS4' + secretAccessKey, day), region), 's3'), 'aws4_request')
  const signature = crypto.createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
  const url = new URL(canonicalUri + (canonicalQuery ? '?' + canonicalQuery : ''), base)
  let response
  try {
    response = await fetch(url, {
      headers: {
        'x-amz-content-sha256': payloadHash,
        'x-amz-date': amzDate,
        authorization:
          'AWS4-HMAC-SHA256 Credential=' + accessKeyId + '/' + scope + ', SignedHeaders=' + signedHeaders +
          ', Signature=' + signature,
      },
    })
  } catch (err) {
    throw apiError('InvalidS3ObjectException', 'Unable to get object metadata from S3: ' + err.message)
  }
  if (!response.ok) {
    await response.arrayBuffer().catch(() => null)
    throw apiError(
      'InvalidS3ObjectException',
      'Unable to get object metadata from S3. Check object key, region and/or access permissions. (S3 answered ' +
        response.status + ')'
    )
  }
  const length = Number(response.headers.get('content-length'))
  if (length > MAX_S3_IMAGE_BYTES) {
    await response.body.cancel()
    throw apiError('ImageTooLargeException', 'Image size is too large: ' + length + ' bytes from S3')
  }
  const bytes = Buffer.from(await response.arrayBuffer())
  if (bytes.length > MAX_S3_IMAGE_BYTES) {
    throw apiError('ImageTooLargeException', 'Image size is too large: ' + bytes.length + ' bytes from S3')
  }
  return bytes
}

// ---------------------------------------------------------------------------------------------------------------------
// Operations

/** The request's image: Bytes (base64 in JSON) or an S3 object. */
async function imageBytes(request) {
  const image = request.Image
  if (!image || typeof image !== 'object') {
    throw apiError('InvalidParameterException', 'Request has invalid parameters: Image is required')
  }
  if (image.Bytes !== undefined) {
    if (typeof image.Bytes !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(image.Bytes)) {
      throw apiError('InvalidParameterException', 'Request has invalid parameters: Image.Bytes is not base64')
    }
    const bytes = Buffer.from(image.Bytes, 'base64')
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw apiError(
        'ImageTooLargeException',
        'Image size is too large: ' + bytes.length + ' bytes, at most ' + MAX_IMAGE_BYTES + ' as Image.Bytes'
      )
    }
    if (bytes.length === 0) {
      throw invalidImage('no bytes')
    }
    return bytes
  }
  if (image.S3Object !== undefined) {
    return readS3Object(image.S3Object || {})
  }
  throw apiError('InvalidParameterException', 'Request has invalid parameters: Image needs Bytes or S3Object')
}

function confidenceParameter(request, fallback) {
  const value = request.MinConfidence
  if (value === undefined || value === null) {
    return fallback
  }
  if (typeof value !== 'number' || !(value >= 0 && value <= 100)) {
    throw apiError('InvalidParameterException', 'Request has invalid parameters: MinConfidence must be 0-100')
  }
  return value
}

function percent(score) {
  return Math.min(100, Math.max(0, score * 100))
}

/** human's [x, y, width, height], as ratios of the image, clipped to it. */
function boundingBox([x, y, width, height]) {
  const left = Math.min(1, Math.max(0, x))
  const top = Math.min(1, Math.max(0, y))
  return {
    Width: Math.max(0, Math.min(1, x + width) - left),
    Height: Math.max(0, Math.min(1, y + height) - top),
    Left: left,
    Top: top,
  }
}

/** Runs one inference at a time: human keeps per-call settings on its instance, and WASM runs on this one thread. */
let queue = Promise.resolve()
function serially(task) {
  const result = queue.then(task, task)
  queue = result.catch(() => {})
  return result
}

async function withImage(request, analyse) {
  const bytes = await imageBytes(request)
  const { pixels, width, height } = decodeImage(bytes)
  return serially(async () => {
    const tensor = tf.tensor3d(pixels, [height, width, 3], 'int32')
    try {
      return await analyse(tensor, { width, height })
    } finally {
      tensor.dispose()
    }
  })
}

async function humanDetect(models, tensor, settings) {
  const result = await models.human.detect(tensor, humanConfig(settings))
  if (result.error) {
    throw new Error('human: ' + result.error)
  }
  return result
}

function labelFilters(request) {
  const settings = (request.Settings && request.Settings.GeneralLabels) || {}
  const list = (name) => (Array.isArray(settings[name]) ? settings[name] : [])
  const includeLabels = list('LabelInclusionFilters')
  const excludeLabels = list('LabelExclusionFilters')
  const includeCategories = list('LabelCategoryInclusionFilters')
  const excludeCategories = list('LabelCategoryExclusionFilters')
  return (label) =>
    (includeLabels.length === 0 || includeLabels.includes(label.Name)) &&
    !excludeLabels.includes(label.Name) &&
    (includeCategories.length === 0 || label.Categories.some((c) => includeCategories.includes(c.Name))) &&
    !label.Categories.some((c) => excludeCategories.includes(c.Name))
}

async function detectLabels(models, request) {
  const minConfidence = confidenceParameter(request, 55)
  const maxLabels = request.MaxLabels === undefined || request.MaxLabels === null ? 1000 : request.MaxLabels
  if (!Number.isInteger(maxLabels) || maxLabels < 0) {
    throw apiError('InvalidParameterException', 'Request has invalid parameters: MaxLabels must be 0 or more')
  }
  const wanted = labelFilters(request)
  const objects = await withImage(request, async (tensor) => {
    return (await humanDetect(models, tensor, { objects: true })).object
  })

  const labels = new Map()
  const labelFor = (name, parents, category) => {
    if (!labels.has(name)) {
      labels.set(name, {
        Name: name,
        Confidence: 0,
        Instances: [],
        Parents: parents.map((parent) => ({ Name: parent })),
        Aliases: [],
        Categories: [{ Name: category }],
      })
    }
    return labels.get(name)
  }
  for (const object of objects) {
    const confidence = percent(object.score)
    const mapping = COCO_LABELS[object.label]
    if (!mapping || confidence < minConfidence) {
      continue
    }
    const [name, ancestors, category] = mapping
    const label = labelFor(name, ancestors, category)
    label.Confidence = Math.max(label.Confidence, confidence)
    label.Instances.push({ BoundingBox: boundingBox(object.boxRaw), Confidence: confidence })
    // As Rekognition does, every ancestor is a label too, as sure as its surest descendant.
    for (const ancestor of ancestors) {
      const parentLabel = labelFor(ancestor, ANCESTOR_PARENTS[ancestor] || [], category)
      parentLabel.Confidence = Math.max(parentLabel.Confidence, confidence)
    }
  }
  const result = [...labels.values()]
    .filter(wanted)
    .sort((a, b) => b.Confidence - a.Confidence || a.Name.localeCompare(b.Name))
    .slice(0, maxLabels)
  return { Labels: result, LabelModelVersion: LABEL_MODEL_VERSION }
}

async function detectModerationLabels(models, request) {
  const minConfidence = confidenceParameter(request, 50)
  const classes = await withImage(request, (tensor) => models.moderation.classify(tensor, 5))
  const confidences = new Map()
  const contentTypes = new Map()
  for (const { className, probability } of classes) {
    for (const label of MODERATION[className] || []) {
      const key = label.parent + '/' + label.name
      const current = confidences.get(key) || { label, confidence: 0 }
      // Classes that map to the same label add up: Porn and Hentai are both explicit nudity.
      confidences.set(key, { label, confidence: current.confidence + percent(probability) })
    }
    if (CONTENT_TYPES[className]) {
      contentTypes.set(CONTENT_TYPES[className], percent(probability))
    }
  }
  const moderationLabels = [...confidences.values()]
    .map(({ label, confidence }) => ({
      Name: label.name,
      ParentName: label.parent,
      Confidence: Math.min(100, confidence),
      TaxonomyLevel: label.level,
    }))
    .filter((label) => label.Confidence >= minConfidence)
    .sort((a, b) => a.TaxonomyLevel - b.TaxonomyLevel || b.Confidence - a.Confidence)
  const types = [...contentTypes.entries()]
    .filter(([, confidence]) => confidence >= minConfidence)
    .map(([name, confidence]) => ({ Name: name, Confidence: confidence }))
  return { ModerationLabels: moderationLabels, ModerationModelVersion: MODERATION_MODEL_VERSION, ContentTypes: types }
}

const ATTRIBUTES = ['DEFAULT', 'ALL', 'AGE_RANGE', 'BEARD', 'EMOTIONS', 'EYE_DIRECTION', 'EYEGLASSES', 'EYES_OPEN',
  'GENDER', 'MOUTH_OPEN', 'MUSTACHE', 'FACE_OCCLUDED', 'SMILE', 'SUNGLASSES']

/** MediaPipe face mesh indices (the subject's right eye is on the image's left in a frontal photo). */
const MESH = { eyeA: [33, 133], eyeB: [362, 263], nose: [1], mouthA: [61], mouthB: [291] }

function meanPoint(points, indices) {
  const [x, y] = indices.reduce(([sx, sy], i) => [sx + points[i][0], sy + points[i][1]], [0, 0])
  return [x / indices.length, y / indices.length]
}

/**
 * Rekognition's five main landmarks, left and right as seen in the image, from the face mesh when it fitted, else
 * from the detector's keypoints (eyes and nose only).
 */
function landmarks(face, { width, height }) {
  const ratio = ([x, y]) => ({ X: x / width, Y: y / height })
  const byX = (a, b) => (a[0] <= b[0] ? [a, b] : [b, a])
  const result = []
  if (face.mesh && face.mesh.length >= 468) {
    const [eyeLeft, eyeRight] = byX(meanPoint(face.mesh, MESH.eyeA), meanPoint(face.mesh, MESH.eyeB))
    const [mouthLeft, mouthRight] = byX(meanPoint(face.mesh, MESH.mouthA), meanPoint(face.mesh, MESH.mouthB))
    const nose = meanPoint(face.mesh, MESH.nose)
    for (const [type, point] of Object.entries({ eyeLeft, eyeRight, nose, mouthLeft, mouthRight })) {
      result.push({ Type: type, ...ratio(point) })
    }
  } else if (face.annotations && face.annotations.leftEye && face.annotations.rightEye) {
    const [eyeLeft, eyeRight] = byX(face.annotations.leftEye[0], face.annotations.rightEye[0])
    result.push({ Type: 'eyeLeft', ...ratio(eyeLeft) }, { Type: 'eyeRight', ...ratio(eyeRight) })
    if (face.annotations.nose && face.annotations.nose[0]) {
      result.push({ Type: 'nose', ...ratio(face.annotations.nose[0]) })
    }
  }
  return result.filter((landmark) => Number.isFinite(landmark.X) && Number.isFinite(landmark.Y))
}

async function detectFaces(models, request) {
  const attributes = request.Attributes == null ? ['DEFAULT'] : request.Attributes
  if (!Array.isArray(attributes) || attributes.some((attribute) => !ATTRIBUTES.includes(attribute))) {
    throw apiError('InvalidParameterException', 'Request has invalid parameters: Attributes')
  }
  const all = attributes.includes('ALL')
  const details = all || attributes.includes('DEFAULT')
  const age = all || attributes.includes('AGE_RANGE')
  const gender = all || attributes.includes('GENDER')
  const { faces, size } = await withImage(request, async (tensor, size) => ({
    faces: (await humanDetect(models, tensor, { faces: true, faceAttributes: age || gender })).face,
    size,
  }))
  const degrees = (radians) => (radians * 180) / Math.PI
  const faceDetails = faces.map((face) => {
    const detail = { BoundingBox: boundingBox(face.boxRaw), Confidence: percent(face.score) }
    if (details) {
      detail.Landmarks = landmarks(face, size)
      if (face.rotation && face.rotation.angle) {
        const { roll, yaw, pitch } = face.rotation.angle
        detail.Pose = { Roll: degrees(roll), Yaw: degrees(yaw), Pitch: degrees(pitch) }
      }
    }
    if (age && Number.isFinite(face.age)) {
      const years = Math.round(face.age)
      detail.AgeRange = { Low: Math.max(0, years - 5), High: years + 5 }
    }
    if (gender && (face.gender === 'male' || face.gender === 'female')) {
      // human's genderScore is 2 * |p - 0.5| for the model's probability p of "male": the chosen value's
      // probability, which is what Rekognition reports, is 0.5 + genderScore / 2.
      detail.Gender = {
        Value: face.gender === 'male' ? 'Male' : 'Female',
        Confidence: percent(0.5 + (face.genderScore || 0) / 2),
      }
    }
    return detail
  })
  return { FaceDetails: faceDetails }
}

const OPERATIONS = {
  DetectLabels: detectLabels,
  DetectModerationLabels: detectModerationLabels,
  DetectFaces: detectFaces,
}

// ---------------------------------------------------------------------------------------------------------------------
// HTTP: AWS JSON 1.1

const TARGET_PREFIX = 'RekognitionService.'
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1'

function send(response, status, body, errorType) {
  const text = JSON.stringify(body)
  const headers = {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': crypto.randomUUID(),
  }
  if (errorType) {
    headers['x-amzn-ErrorType'] = errorType
  }
  response.writeHead(status, headers)
  response.end(text)
}

function sendError(response, err) {
  const status = err.status || 500
  const type = err.type || 'InternalServerError'
  if (status >= 500) {
    console.error('internal error: ' + (err.stack || err))
  }
  send(response, status, { __type: type, Message: err.message }, type)
}

/**
 * The body, kept only up to MAX_BODY_BYTES. A larger one is read to its end and dropped, so that the client, still
 * sending, gets the ImageTooLargeException instead of a reset connection; one beyond any reason is cut off.
 */
function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let length = 0
    request.on('data', (chunk) => {
      length += chunk.length
      if (length <= MAX_BODY_BYTES) {
        chunks.push(chunk)
      } else if (length > 8 * MAX_BODY_BYTES) {
        request.destroy()
      }
    })
    request.on('end', () => {
      if (length > MAX_BODY_BYTES) {
        reject(apiError('ImageTooLargeException', 'Image size is too large: the request has ' + length +
          ' bytes, Image.Bytes may have ' + MAX_IMAGE_BYTES))
      } else {
        resolve(Buffer.concat(chunks))
      }
    })
    request.on('error', reject)
    // After 'end' this changes nothing; before it, the client went away or the body was cut off.
    request.on('close', () => reject(apiError('ImageTooLargeException', 'the request body was cut off')))
  })
}

async function handle(models, request, response) {
  const target = String(request.headers['x-amz-target'] || '')
  const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS[target.slice(TARGET_PREFIX.length)] : undefined
  if (request.method !== 'POST' || request.url !== '/') {
    throw apiError('UnknownOperationException', 'Only POST / is served (AWS JSON 1.1 protocol)')
  }
  if (!operation) {
    throw apiError('UnknownOperationException', 'Unknown or unsupported operation: ' + (target || 'no X-Amz-Target'))
  }
  const contentType = String(request.headers['content-type'] || '').split(';')[0].trim()
  if (contentType !== JSON_CONTENT_TYPE && contentType !== 'application/json') {
    throw apiError('SerializationException', 'Content-Type must be ' + JSON_CONTENT_TYPE)
  }
  const body = await readBody(request)
  let parameters
  try {
    parameters = JSON.parse(body.toString('utf8') || '{}')
  } catch (err) {
    throw apiError('SerializationException', 'The request body is not JSON: ' + err.message)
  }
  if (!parameters || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw apiError('SerializationException', 'The request body must be a JSON object')
  }
  const started = Date.now()
  const result = await operation(models, parameters)
  console.log(target.slice(TARGET_PREFIX.length) + ' answered in ' + (Date.now() - started) + ' ms')
  send(response, 200, result)
}

function listenForSettings() {
  // Lines on stdin configure the running process (the S3 endpoint is known only once the S3 stand-in runs).
  const lines = readline.createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    if (!line.trim()) {
      return
    }
    try {
      const settings = JSON.parse(line)
      if (settings.s3) {
        const { endpoint, region, accessKeyId, secretAccessKey } = settings.s3
        if (![endpoint, region, accessKeyId, secretAccessKey].every((value) => typeof value === 'string' && value)) {
          throw new Error('s3 needs endpoint, region, accessKeyId and secretAccessKey')
        }
        s3Settings = { endpoint, region, accessKeyId, secretAccessKey }
        console.log('S3Object images are read from ' + endpoint)
      }
    } catch (err) {
      console.error('ignored a settings line: ' + err.message)
    }
  })
  // The JVM holds our stdin open. When it goes away, even by SIGKILL with no chance to run its shutdown hook, stdin
  // ends and this process follows it instead of lingering as an orphan.
  lines.on('close', () => process.exit(0))
  process.stdin.on('error', () => process.exit(0))
}

function fail(code, message) {
  // One line the Java side can turn into a clear message (EADDRINUSE: the port is taken).
  console.error('glint-error ' + code + ' ' + message)
  process.exit(1)
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  listenForSettings()
  let models
  try {
    models = await loadModels()
  } catch (err) {
    fail('MODELS', 'the models did not load: ' + (err.stack || err).toString().replace(/\s+/g, ' '))
  }
  const server = http.createServer((request, response) => {
    handle(models, request, response).catch((err) => {
      // Refused before its body was read (unknown operation, wrong content type): drain the body, so that the next
      // request on this keep-alive connection is not parsed out of the rest of this one (a rare hang in RekognitionIT).
      if (!request.readableEnded) {
        request.resume()
      }
      sendError(response, err)
    })
  })
  // Longer than the SDK's idle connections live, so that it never sends on a connection this side just closed.
  server.keepAliveTimeout = 65000
  server.headersTimeout = 66000
  server.on('error', (err) => fail(err.code || 'ERROR', err.message))
  server.listen(options.port, '127.0.0.1', () => {
    // No warm-up pass: the first request pays about half a second more, and an idle analyzer takes no CPU from the
    // stand-ins and tests that start alongside it.
    console.log('glint-ready port=' + server.address().port)
  })
}

main().catch((err) => fail('ERROR', (err && err.message) || String(err)))
