'use strict'
// The Rekognition taxonomies the local analyzer (rekognition.js) maps its models' outputs to.
//
// Labels: the 80 COCO classes of @vladmandic/human's CenterNet detector, each with the name Rekognition's label list
// (LabelModelVersion 3.0) uses for that object, its ancestor labels and its category. Rekognition's official list is a
// download these machines cannot reach, so ancestors and categories are a best-effort rendering of that taxonomy:
// right for the common cases (Person, Dog, Cat, Car...), approximate for the rest. Names are the part callers match on.
//
// Moderation: nsfwjs's five classes mapped to Rekognition's content moderation taxonomy version 7 (three levels).

const PERSON = 'Person Description'
const ANIMALS = 'Animals and Pets'
const VEHICLES = 'Vehicles and Automotive'
const APPAREL = 'Apparel and Accessories'
const SPORTS = 'Sports'
const FOOD = 'Food and Beverage'
const HOME = 'Home and Indoors'
const TECH = 'Technology and Computing'
const EVERYDAY = 'Everyday Objects'
const HOBBIES = 'Hobbies and Interests'
const BEAUTY = 'Beauty and Personal Care'

const VEHICLE = ['Transportation', 'Vehicle']
const PRODUCE = ['Food', 'Fruit', 'Plant', 'Produce']
const VEGETABLE = ['Food', 'Plant', 'Produce', 'Vegetable']
const APPLIANCE = ['Appliance', 'Electrical Device']
const COMPUTER_PART = ['Computer Hardware', 'Electronics', 'Hardware']

/** COCO class (as human names it) → [Rekognition label, its ancestors, its category]. */
const COCO_LABELS = {
  person: ['Person', [], PERSON],
  bicycle: ['Bicycle', VEHICLE, VEHICLES],
  car: ['Car', VEHICLE, VEHICLES],
  motorcycle: ['Motorcycle', VEHICLE, VEHICLES],
  airplane: ['Airplane', ['Aircraft', ...VEHICLE], VEHICLES],
  bus: ['Bus', VEHICLE, VEHICLES],
  train: ['Train', VEHICLE, VEHICLES],
  truck: ['Truck', VEHICLE, VEHICLES],
  boat: ['Boat', ['Watercraft', ...VEHICLE], VEHICLES],
  'traffic light': ['Traffic Light', ['Light'], VEHICLES],
  'fire hydrant': ['Fire Hydrant', ['Hydrant'], EVERYDAY],
  'stop sign': ['Stop Sign', ['Road Sign', 'Sign', 'Symbol'], 'Symbols and Flags'],
  'parking meter': ['Parking Meter', [], EVERYDAY],
  bench: ['Bench', ['Furniture'], HOME],
  bird: ['Bird', ['Animal'], ANIMALS],
  cat: ['Cat', ['Animal', 'Mammal', 'Pet'], ANIMALS],
  dog: ['Dog', ['Animal', 'Canine', 'Mammal', 'Pet'], ANIMALS],
  horse: ['Horse', ['Animal', 'Mammal'], ANIMALS],
  sheep: ['Sheep', ['Animal', 'Livestock', 'Mammal'], ANIMALS],
  cow: ['Cow', ['Animal', 'Cattle', 'Livestock', 'Mammal'], ANIMALS],
  elephant: ['Elephant', ['Animal', 'Mammal', 'Wildlife'], ANIMALS],
  bear: ['Bear', ['Animal', 'Mammal', 'Wildlife'], ANIMALS],
  zebra: ['Zebra', ['Animal', 'Mammal', 'Wildlife'], ANIMALS],
  giraffe: ['Giraffe', ['Animal', 'Mammal', 'Wildlife'], ANIMALS],
  backpack: ['Backpack', ['Bag'], APPAREL],
  umbrella: ['Umbrella', [], APPAREL],
  handbag: ['Handbag', ['Accessories', 'Bag'], APPAREL],
  tie: ['Tie', ['Accessories', 'Clothing', 'Formal Wear'], APPAREL],
  suitcase: ['Suitcase', ['Baggage'], 'Travel and Adventure'],
  frisbee: ['Frisbee', ['Toy'], SPORTS],
  skis: ['Ski', ['Sport', 'Skiing'], SPORTS],
  snowboard: ['Snowboard', ['Snowboarding', 'Sport'], SPORTS],
  'sports ball': ['Ball', ['Sport'], SPORTS],
  kite: ['Kite', ['Toy'], HOBBIES],
  'baseball bat': ['Baseball Bat', ['Baseball', 'Sport', 'Team Sport'], SPORTS],
  'baseball glove': ['Baseball Glove', ['Baseball', 'Clothing', 'Glove', 'Sport'], SPORTS],
  skateboard: ['Skateboard', ['Skateboarding', 'Sport'], SPORTS],
  surfboard: ['Surfboard', ['Sport', 'Surfing', 'Water Sports'], SPORTS],
  'tennis racket': ['Tennis Racket', ['Racket', 'Sport'], SPORTS],
  bottle: ['Bottle', [], FOOD],
  'wine glass': ['Wine Glass', ['Glass'], FOOD],
  cup: ['Cup', [], FOOD],
  fork: ['Fork', ['Cutlery'], FOOD],
  knife: ['Knife', ['Blade', 'Cutlery', 'Weapon'], FOOD],
  spoon: ['Spoon', ['Cutlery'], FOOD],
  bowl: ['Bowl', [], FOOD],
  banana: ['Banana', PRODUCE, FOOD],
  apple: ['Apple', PRODUCE, FOOD],
  sandwich: ['Sandwich', ['Food', 'Meal'], FOOD],
  orange: ['Orange', ['Citrus Fruit', ...PRODUCE], FOOD],
  broccoli: ['Broccoli', VEGETABLE, FOOD],
  carrot: ['Carrot', VEGETABLE, FOOD],
  'hot dog': ['Hot Dog', ['Food'], FOOD],
  pizza: ['Pizza', ['Food'], FOOD],
  donut: ['Donut', ['Dessert', 'Food', 'Pastry', 'Sweets'], FOOD],
  cake: ['Cake', ['Dessert', 'Food'], FOOD],
  chair: ['Chair', ['Furniture'], HOME],
  couch: ['Couch', ['Furniture'], HOME],
  'potted plant': ['Potted Plant', ['Plant'], 'Plants and Flowers'],
  bed: ['Bed', ['Furniture'], HOME],
  'dining table': ['Dining Table', ['Furniture', 'Table'], HOME],
  toilet: ['Toilet', [], HOME],
  tv: ['TV', ['Electronics', 'Screen'], TECH],
  laptop: ['Laptop', ['Computer', 'Electronics', 'Pc'], TECH],
  mouse: ['Mouse', COMPUTER_PART, TECH],
  remote: ['Remote Control', ['Electronics'], TECH],
  keyboard: ['Computer Keyboard', COMPUTER_PART, TECH],
  'cell phone': ['Mobile Phone', ['Electronics', 'Phone'], TECH],
  microwave: ['Microwave', ['Oven', ...APPLIANCE], HOME],
  oven: ['Oven', APPLIANCE, HOME],
  toaster: ['Toaster', APPLIANCE, HOME],
  sink: ['Sink', [], HOME],
  refrigerator: ['Refrigerator', APPLIANCE, HOME],
  book: ['Book', ['Publication'], 'Text and Documents'],
  clock: ['Clock', [], EVERYDAY],
  vase: ['Vase', ['Jar', 'Pottery'], HOME],
  scissors: ['Scissors', [], 'Tools and Machinery'],
  'teddy bear': ['Teddy Bear', ['Toy'], HOBBIES],
  'hair drier': ['Blow Dryer', APPLIANCE, BEAUTY],
  toothbrush: ['Toothbrush', ['Brush', 'Tool'], BEAUTY],
}

/**
 * The ancestors' own ancestors: Rekognition returns every ancestor as a label of its own, with its parents. Names not
 * listed here have none.
 */
const ANCESTOR_PARENTS = {
  Vehicle: ['Transportation'],
  Aircraft: ['Transportation', 'Vehicle'],
  Watercraft: ['Transportation', 'Vehicle'],
  Mammal: ['Animal'],
  Pet: ['Animal'],
  Canine: ['Animal', 'Mammal'],
  Livestock: ['Animal', 'Mammal'],
  Cattle: ['Animal', 'Livestock', 'Mammal'],
  Wildlife: ['Animal'],
  Fruit: ['Food', 'Plant', 'Produce'],
  'Citrus Fruit': ['Food', 'Fruit', 'Plant', 'Produce'],
  Vegetable: ['Food', 'Plant', 'Produce'],
  Produce: ['Food'],
  Dessert: ['Food'],
  Pastry: ['Dessert', 'Food'],
  Sweets: ['Food'],
  Meal: ['Food'],
  'Road Sign': ['Sign', 'Symbol'],
  Sign: ['Symbol'],
  'Formal Wear': ['Clothing'],
  Glove: ['Clothing'],
  Racket: ['Sport'],
  Baseball: ['Sport', 'Team Sport'],
  'Team Sport': ['Sport'],
  Skiing: ['Sport'],
  Snowboarding: ['Sport'],
  Skateboarding: ['Sport'],
  Surfing: ['Sport', 'Water Sports'],
  'Water Sports': ['Sport'],
  Computer: ['Electronics'],
  Pc: ['Computer', 'Electronics'],
  'Computer Hardware': ['Electronics', 'Hardware'],
  Screen: ['Electronics'],
  Phone: ['Electronics'],
  Oven: ['Appliance', 'Electrical Device'],
  Table: ['Furniture'],
  Cutlery: [],
  Weapon: [],
  Blade: ['Weapon'],
}

/**
 * nsfwjs class → the moderation labels it stands for, each {name, parent, level}, in Rekognition's taxonomy v7.
 * Porn and Hentai are explicit nudity (level 1 "Explicit", level 2 "Explicit Nudity"); Hentai is also reported as the
 * "Animated" content type. Sexy (lingerie, swimwear, partial nudity) is version 7's level 1 "Swimwear or Underwear",
 * which with "Non-Explicit Nudity of Intimate parts and Kissing" replaced version 6's "Suggestive". Neutral and Drawing
 * are not moderation labels (Drawing is the "Illustrated" content type).
 */
const MODERATION = {
  Porn: [
    { name: 'Explicit', parent: '', level: 1 },
    { name: 'Explicit Nudity', parent: 'Explicit', level: 2 },
  ],
  Hentai: [
    { name: 'Explicit', parent: '', level: 1 },
    { name: 'Explicit Nudity', parent: 'Explicit', level: 2 },
  ],
  Sexy: [{ name: 'Swimwear or Underwear', parent: '', level: 1 }],
  Neutral: [],
  Drawing: [],
}

/** nsfwjs class → Rekognition's ContentTypes name (version 7), for classes that say how an image was made. */
const CONTENT_TYPES = {
  Hentai: 'Animated',
  Drawing: 'Illustrated',
}

module.exports = { COCO_LABELS, ANCESTOR_PARENTS, MODERATION, CONTENT_TYPES }
