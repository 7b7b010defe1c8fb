import type { Lexicon } from './types.js';

/**
 * What English-speaking customers of any business say for the same thing. Each concept lists words
 * and phrases (matched on their stems); a message word and an FAQ word that share a concept count
 * as a match, so a shop owner does not have to write synonyms. Concept names are shared with the
 * other languages' lexicons, so an English word in a Dutch message still finds its concept.
 *
 * Keep it general: words any customer-service desk hears, not one sector's jargon. A business's own
 * words come from its FAQ (questions and answers).
 */
export const englishLexicon: Lexicon = {
  // Chat phrases that only announce a question: matched so that their words mean nothing.
  filler: ['quick question', 'short question', 'a question', 'one question', 'i have a question', 'i was wondering', 'just wondering', 'thanks in advance', 'thank you', 'good morning', 'good afternoon', 'good evening', 'how does that work', 'how does it work', 'how does this work', 'how do i do that', 'how do i go about', 'what should i do', 'what do i do', 'what do we do', 'what should we do', 'what now', 'at the moment', 'these days', 'hi there', 'hello there', 'is it possible', 'would it be possible'],
  // Money
  price: ['price', 'prices', 'pricing', 'priced', 'cost', 'costs', 'costing', 'how much', 'fee', 'fees', 'charge', 'charges', 'charged', 'rate', 'rates', 'tariff', 'tariffs', 'expensive', 'cheap', 'cheaper', 'cheapest', 'affordable', 'amount', 'quote', 'price list', 'what do you charge', 'what does it cost', 'whats the damage', 'pay for', 'owe', 'per hour', 'per month', 'per night', 'per day', 'per week', 'per person', 'a night', 'a day', 'what is the damage', 'hourly rate', 'hourly', 'how much does it cost', 'how much is it', 'pricey', 'costly', 'money'],
  free: ['free', 'free of charge', 'for free', 'no charge', 'at no cost', 'complimentary', 'gratis', 'without paying'],
  discount: ['discount', 'discounts', 'reduction', 'reduced', 'sale', 'deal', 'deals', 'promo', 'promotion', 'coupon', 'promo code', 'discount code', 'cheaper', 'concession', 'student price', 'senior', 'special offer', 'special offers', 'any offers'],
  pay: ['pay', 'paying', 'paid', 'payment', 'payments', 'payment method', 'payment methods', 'pay with', 'pay by', 'card', 'cards', 'debit card', 'credit card', 'creditcard', 'visa', 'mastercard', 'maestro', 'amex', 'cash', 'pin', 'contactless', 'ideal', 'paypal', 'apple pay', 'google pay', 'bank transfer', 'transfer', 'direct debit', 'instalment', 'instalments', 'installments', 'pay later', 'checkout', 'spread the cost', 'spread the payments', 'spread the payment', 'split the payment', 'pay in parts', 'pay in installments', 'installment', 'pay monthly', 'mobile payment', 'pay by phone', 'pay with my phone'],
  invoice: ['invoice', 'invoices', 'bill', 'bills', 'billing', 'receipt', 'receipts', 'statement', 'overview', 'annual statement', 'yearly statement', 'year overview', 'final bill', 'final statement', 'settlement', 'specification'],
  refund: ['refund', 'refunds', 'refunded', 'money back', 'reimburse', 'reimbursed', 'reimbursement', 'repay', 'repayment', 'get my money back', 'compensation'],
  deposit: ['deposit', 'down payment', 'advance payment', 'prepay', 'prepayment', 'upfront'],
  // Time
  open: ['open', 'opening', 'opens', 'opened', 'opening hours', 'opening times', 'business hours', 'office hours', 'hours', 'hrs', 'closed', 'close', 'closing', 'closes', 'closing time', 'shut', 'shuts'],
  time: ['when', 'what time', 'time', 'times', 'hour', 'hours', 'hrs', 'oclock', 'at what time', 'till when', 'until when', 'how late', 'how early', 'early', 'late', 'till', 'until', 'from when', 'by when', 'how soon', 'from what time'],
  weekday: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'weekend', 'weekends', 'weekday', 'weekdays', 'evening', 'evenings', 'morning', 'mornings', 'afternoon', 'night'],
  holiday: ['holiday', 'holidays', 'summer', 'summer closure', 'closed for holidays', 'public holiday', 'bank holiday', 'christmas', 'xmas', 'easter', 'new year', 'new years', 'new years eve', 'boxing day', 'kings day', 'whitsun', 'pentecost', 'summer holiday', 'vacation', 'closed for', 'closure', 'closures', 'christmas eve', 'christmas day', 'new years day', 'half term', 'spring break', 'summer holidays', 'may holidays', 'autumn holidays', 'school holidays'],
  duration: ['how long', 'long', 'duration', 'last', 'lasts', 'how long does it take', 'minutes', 'mins', 'how many days', 'how many weeks', 'how many hours', 'quick', 'quickly', 'fast', 'turnaround', 'ready', 'time it takes', 'how soon', 'turnaround time', 'take long', 'waiting time'],
  wait: ['wait', 'waiting', 'waiting time', 'waiting list', 'waitlist', 'queue', 'delay', 'delayed', 'busy'],
  late: ['late', 'too late', 'overdue', 'delay', 'delayed', 'running late', 'not on time', 'last minute', 'last moment', 'short notice', 'same day'],
  // Places
  location: ['where', 'address', 'location', 'located', 'situated', 'find you', 'directions', 'route', 'get there', 'map', 'street', 'based', 'branch', 'branches', 'near', 'nearest', 'nearby', 'close by', 'around here', 'in the area', 'how do i get to you', 'how to get there', 'whereabouts'],
  parking: ['parking', 'park', 'parked', 'car park', 'parking space', 'parking spaces', 'parking lot', 'parking garage', 'park my car', 'leave my car', 'by car', 'car', 'cars', 'bike parking', 'bike rack', 'bike racks', 'bicycle parking', 'bicycle rack', 'put my car', 'put my bike', 'leave my bike', 'leave the car', 'drive up', 'driveway', 'park the car'],
  transport: ['bus', 'train', 'tram', 'metro', 'station', 'public transport', 'bus stop', 'by bus', 'by train'],
  // Contact
  contact: ['contact', 'reach', 'call', 'calling', 'phone', 'ring', 'telephone', 'phone number', 'number', 'email', 'e mail', 'mail', 'email address', 'get in touch', 'in touch', 'speak to', 'talk to', 'whatsapp', 'message', 'chat', 'customer service', 'helpdesk', 'reachable', 'helpline', 'hotline', 'call you', 'phone you', 'email you', 'contact details', 'phone nr'],
  // Bookings
  appointment: ['appointment', 'appointments', 'appt', 'book', 'booking', 'bookings', 'booked', 'reserve', 'reservation', 'reservations', 'reserved', 'schedule', 'scheduled', 'slot', 'slots', 'plan', 'make an appointment', 'visit', 'come in', 'come by', 'arrange', 'get in', 'be seen', 'see someone', 'fit me in', 'fit in', 'get an appointment'],
  walkin: ['walk in', 'walk ins', 'walkin', 'walkins', 'walk up', 'drop in', 'drop by', 'pop in', 'pop by', 'turn up', 'just come', 'just show up', 'show up', 'without an appointment', 'without appointment', 'no appointment', 'without booking', 'unannounced'],
  cancel: ['cancel', 'cancels', 'cancelled', 'canceled', 'cancelling', 'canceling', 'cancellation', 'call off', 'cant make it', 'cannot make it', 'cant come', 'cannot come', 'not coming', 'no show', 'no shows', 'drop out', 'not show up', 'dont show up', 'didnt show up', 'miss my appointment', 'missed my appointment', 'call it off', 'called off'],
  reschedule: ['reschedule', 'rescheduling', 'rebook', 'move', 'postpone', 'change', 'changing', 'different time', 'another time', 'other time', 'another day', 'different day', 'later date', 'shift', 'move my appointment', 'push back', 'bring forward', 'change the date', 'change my booking', 'change my appointment', 'another date', 'different date', 'later time', 'earlier time'],
  availability: ['available', 'availability', 'in stock', 'stock', 'sold out', 'out of stock', 'free spot', 'free spots', 'place', 'places', 'spot', 'spots', 'space', 'vacancy', 'full', 'fully booked', 'room for'],
  // Shopping and delivery
  delivery: ['deliver', 'delivers', 'delivered', 'delivery', 'deliveries', 'shipping', 'ship', 'ships', 'shipped', 'shipment', 'send', 'sent', 'dispatch', 'dispatched', 'post', 'posted', 'courier', 'parcel', 'package', 'home delivery', 'bring it', 'postage'],
  pickup: ['pick up', 'pickup', 'picking up', 'collect', 'collection', 'click and collect', 'takeaway', 'take away', 'take out', 'takeout', 'come and get', 'fetch'],
  return: ['return', 'returns', 'returned', 'returning', 'send back', 'send it back', 'bring back', 'take back', 'exchange', 'swap', 'return policy'],
  warranty: ['warranty', 'guarantee', 'guaranteed', 'warrantee', 'covered'],
  broken: ['broken', 'break', 'broke', 'defect', 'defective', 'faulty', 'damaged', 'damage', 'not working', 'doesnt work', 'does not work', 'stopped working', 'wont work', 'chipped', 'cracked', 'crack', 'problem', 'issue', 'malfunction', 'dead', 'bent', 'noise', 'noises', 'strange noise', 'weird noise', 'makes a noise', 'rattle', 'rattling', 'squeak', 'squeaking', 'leak', 'leaking', 'leaks', 'error', 'error code', 'error message', 'outage', 'outages', 'power cut', 'power outage', 'power failure', 'blackout', 'no power', 'gas leak', 'smell gas', 'not charging', 'wont start', 'flat battery', 'torn', 'scratched', 'scratch', 'dent', 'stain'],
  repair: ['repair', 'repairs', 'repaired', 'fix', 'fixed', 'fixing', 'mend', 'service', 'servicing', 'maintenance', 'check', 'inspection', 'tune up', 'tuneup', 'check up', 'checkup', 'look at it', 'have a look', 'take a look', 'look at', 'adjust', 'adjusted', 'annual service', 'yearly service', 'replace', 'replacement', 'overhaul'],
  sell: ['sell', 'sells', 'selling', 'for sale', 'on sale', 'buy', 'buying', 'purchase', 'stock', 'carry', 'range', 'assortment', 'brands', 'brand', 'models', 'shop for', 'offer', 'provide', 'supply', 'do you have', 'do you do'],
  used: ['second hand', 'secondhand', 'used', 'pre owned', 'refurbished', 'occasion'],
  order: ['order', 'orders', 'ordered', 'ordering', 'purchase', 'purchased', 'buy', 'bought', 'buying'],
  track: ['track', 'tracking', 'track and trace', 'tracking number', 'tracking code', 'where is my', 'status'],
  // Membership and accounts
  membership: ['member', 'members', 'membership', 'join', 'joining', 'sign up', 'signing up', 'register', 'registration', 'enrol', 'enroll', 'enrolment', 'subscribe', 'subscription', 'become a member', 'apply'],
  quit: ['quit', 'terminate', 'termination', 'termination fee', 'end my', 'end the contract', 'end my contract', 'stop my', 'stop with', 'cancel my membership', 'cancel my subscription', 'cancel my contract', 'unsubscribe', 'opt out', 'notice', 'notice period', 'deregister', 'early exit', 'exit fee'],
  account: ['account', 'log in', 'login', 'logging in', 'sign in', 'password', 'username', 'my account', 'portal', 'app'],
  privacy: ['privacy', 'personal data', 'data', 'gdpr', 'my details', 'information you keep'],
  details: ['details', 'change my details', 'update my details', 'personal details', 'change my address', 'name change', 'bank account', 'iban', 'update', 'updated', 'update my address', 'change my email', 'change my phone number', 'correct my details'],
  move: ['move', 'moving', 'moved', 'relocate', 'relocating', 'new address', 'move house', 'change of address', 'register my new address', 'new flat', 'new house', 'new home', 'new place', 'moving in', 'move in'],
  // People
  male: ['man', 'men', 'mens', 'male', 'gentleman', 'gentlemen', 'gents', 'guy', 'guys', 'boy', 'boys', 'husband', 'boyfriend', 'father', 'dad', 'barber'],
  female: ['woman', 'women', 'womens', 'female', 'lady', 'ladies', 'girl', 'girls', 'wife', 'girlfriend', 'mother', 'mum', 'mom'],
  child: ['child', 'children', 'kid', 'kids', 'baby', 'babies', 'toddler', 'toddlers', 'son', 'daughter', 'minor', 'minors', 'teenager', 'teenagers', 'youth', 'junior', 'juniors', 'little one', 'my son', 'my daughter', 'teen', 'teens', 'infant', 'infants', 'school age'],
  age: ['age', 'ages', 'old', 'years old', 'minimum age', 'age limit', 'how old', 'older', 'younger', 'adult', 'adults', 'grown up', 'grown ups', 'years of age', 'under 18', 'over 18', 'age restriction'],
  pet: ['pet', 'pets', 'dog', 'dogs', 'puppy', 'cat', 'cats', 'animal', 'animals', 'rabbit', 'rabbits', 'bunny', 'bird', 'birds', 'parrot', 'parakeet', 'budgie', 'guinea pig', 'guinea pigs', 'hamster', 'hamsters', 'reptile', 'reptiles', 'lizard', 'bearded dragon', 'snake', 'tortoise', 'turtle', 'horse', 'horses', 'pony', 'ferret', 'kitten', 'kittens', 'labrador', 'labradors', 'four legged friend'],
  group: ['group', 'groups', 'party', 'parties', 'team', 'company outing', 'outing', 'school class', 'club'],
  // Rules and facilities
  allowed: ['allowed', 'permitted', 'welcome', 'ok to', 'okay to', 'rules', 'rule', 'policy', 'forbidden', 'prohibited', 'not allowed', 'banned', 'is that ok', 'is that okay', 'is that a problem', 'is it ok', 'is it okay', 'is it allowed', 'can i bring', 'may i', 'are we allowed', 'ok to bring'],
  accessible: ['wheelchair', 'wheelchairs', 'accessible', 'accessibility', 'disabled', 'disability', 'lift', 'elevator', 'stairs', 'step free', 'mobility'],
  wifi: ['wifi', 'wi fi', 'internet', 'wireless'],
  food: ['food', 'eat', 'eating', 'meal', 'meals', 'lunch', 'dinner', 'breakfast', 'snack', 'snacks', 'restaurant', 'menu', 'snack bar', 'snackbar', 'takeaway food', 'cafe', 'bistro', 'catering'],
  drink: ['drink', 'drinks', 'drinking', 'bar', 'coffee', 'tea', 'beer', 'alcohol', 'canteen', 'cafe'],
  diet: ['vegetarian', 'vegan', 'gluten', 'gluten free', 'allergy', 'allergies', 'allergic', 'lactose', 'halal', 'nuts', 'dietary'],
  facilities: ['toilet', 'toilets', 'restroom', 'shower', 'showers', 'bathroom', 'facilities', 'changing room', 'changing rooms', 'locker', 'lockers'],
  smoke: ['smoke', 'smoking', 'cigarette', 'vape', 'vaping'],
  bring: ['bring', 'bringing', 'take along', 'bring along', 'need to bring', 'what to bring', 'take with me', 'pack'],
  gift: ['gift card', 'gift cards', 'gift voucher', 'gift vouchers', 'voucher', 'vouchers', 'gift certificate', 'present', 'gift', 'giftcard', 'giftcards'],
  // Life events and circumstances
  wedding: ['wedding', 'weddings', 'married', 'marry', 'marriage', 'getting married', 'bride', 'brides', 'bridal', 'groom', 'bridesmaid', 'bridesmaids'],
  birthday: ['birthday', 'birthdays', 'bday', 'anniversary'],
  sick: ['ill', 'sick', 'unwell', 'poorly', 'illness', 'disease'],
  medicine: ['medicine', 'medicines', 'medication', 'meds', 'pills', 'pill', 'tablets', 'tablet', 'prescription', 'prescriptions', 'refill', 'repeat prescription', 'drugs'],
  injection: ['vaccination', 'vaccinations', 'vaccine', 'vaccines', 'vaccinate', 'jab', 'jabs', 'shot', 'shots', 'injection', 'injections', 'booster'],
  home: ['home visit', 'home visits', 'at home', 'come to us', 'come to my house', 'come to our house', 'house call', 'house calls', 'at my place', 'visit us'],
  night: ['night', 'nights', 'tonight', 'midnight', 'late at night', 'overnight', 'at night'],
  visitor: ['visitor', 'visitors', 'guest', 'guests', 'visiting', 'staying over', 'family visiting'],
  abroad: ['abroad', 'foreign', 'from abroad', 'another country', 'other country', 'country', 'countries', 'expat', 'expats', 'emigrate', 'immigrate', 'international', 'internationally', 'overseas', 'worldwide', 'europe', 'eu', 'belgium', 'germany', 'france', 'luxembourg', 'spain', 'italy', 'portugal', 'uk', 'england', 'united kingdom', 'britain', 'ireland', 'usa', 'america', 'united states', 'canada', 'austria', 'switzerland', 'denmark', 'sweden', 'norway', 'poland', 'turkey', 'morocco'],
  stolen: ['stolen', 'theft', 'stole', 'nicked', 'robbed', 'pickpocketed', 'burglary'],
  report: ['report', 'reporting', 'notify', 'let you know', 'inform you', 'tell you', 'pass on', 'register a', 'fill in', 'fill out', 'submit', 'send in', 'give you', 'hand in'],
  fast: ['fast', 'faster', 'quick', 'quicker', 'quickly', 'express', 'rush', 'speed up', 'sooner', 'hurry', 'urgent'],
  arrears: ['debt', 'debts', 'arrears', 'behind on payments', 'cant pay', 'cannot pay', 'payment plan', 'payment arrangement', 'money is tight', 'pay it off', 'reminder', 'overdue bill', 'unpaid'],
  online: ['online', 'website', 'web', 'internet', 'site', 'app', 'link', 'page', 'web page', 'webpage', 'online booking', 'booking page', 'portal', 'online form', 'form online'],
  contract: ['contract', 'contracts', 'agreement', 'term', 'fixed term', 'plan', 'deal'],
  switch: ['switch', 'switching', 'change supplier', 'change provider', 'move over', 'come over', 'transfer', 'transfer to you', 'become a customer', 'sign up with you', 'sign up', 'new customer', 'join you', 'leave my current', 'current supplier', 'current provider', 'move to you'],
  waste: ['rubbish', 'garbage', 'trash', 'waste', 'bin', 'bins', 'recycling', 'litter', 'bulky waste', 'garbage truck', 'bin day', 'bin collection', 'collection day', 'rubbish collection', 'sofa', 'couch', 'mattress', 'fridge', 'furniture', 'appliances', 'get rid of', 'dispose', 'disposal', 'throw away', 'throw out', 'dump', 'dumped', 'dumping', 'fly tipping', 'recycling centre', 'recycling center'],
  linen: ['sheets', 'bed linen', 'linen', 'bedding', 'towels', 'towel', 'duvet', 'pillows'],
  electricity: ['electricity', 'power', 'electric', 'socket', 'sockets', 'plug', 'hookup', 'hook up', 'charging'],
  clean: ['clean', 'cleaning', 'cleaned', 'tidy', 'final cleaning', 'dirty', 'wash'],
  // Work with us
  job: ['job', 'jobs', 'vacancy', 'vacancies', 'job opening', 'hiring', 'hire staff', 'career', 'careers', 'work for you', 'work at', 'internship', 'intern', 'apply for a job', 'volunteer', 'volunteering', 'work experience', 'placement', 'apprenticeship', 'traineeship', 'work here', 'job application'],
  // Urgency and trouble
  emergency: ['emergency', 'emergencies', 'urgent', 'urgently', 'asap', 'right away', 'immediately', 'acute', 'out of hours', 'after hours', 'same day', 'straight away', 'right now', 'on call', 'out of office hours', 'accident', 'bleeding', 'poisoned', 'poisoning', 'cant breathe', 'choking', 'collapsed', 'unconscious', 'seizure'],
  pain: ['pain', 'painful', 'hurts', 'hurt', 'hurting', 'ache', 'aching', 'sore'],
  lost: ['lost', 'lose', 'losing', 'forgot', 'forgotten', 'forget', 'missing', 'cant find', 'left behind', 'left my', 'misplaced'],
  complaint: ['complaint', 'complaints', 'complain', 'unhappy', 'dissatisfied', 'not satisfied', 'disappointed', 'feedback', 'review'],
  // Cover and paperwork
  insurance: ['insurance', 'insured', 'insurer', 'health insurance', 'reimbursed', 'covered', 'coverage', 'claim'],
  document: ['document', 'documents', 'paperwork', 'papers', 'form', 'forms', 'id', 'identity card', 'id card', 'identification', 'passport', 'proof', 'certificate', 'extract', 'printout', 'print out', 'copy', 'proof of address', 'proof of registration', 'official proof', 'statement of'],
  request: ['apply', 'application', 'request', 'requests', 'requesting', 'apply for'],
  new: ['new', 'new customer', 'new patient', 'new client', 'first time', 'first visit', 'take on', 'accept new', 'accepting new', 'switch to you', 'become a client', 'become a customer', 'register with you', 'sign up with you', 'take on new'],
  // Learning
  lesson: ['lesson', 'lessons', 'class', 'classes', 'course', 'courses', 'training', 'trainings', 'train', 'practice', 'workshop', 'session', 'sessions'],
  trial: ['trial', 'try', 'try out', 'trial lesson', 'trial class', 'taster', 'test', 'first lesson', 'introductory', 'intro'],
  rent: ['rent', 'rental', 'rentals', 'renting', 'hire', 'hiring', 'borrow', 'borrowing', 'loan', 'lend', 'lending'],
  extend: ['extend', 'extension', 'renew', 'renewal', 'prolong', 'longer'],
  fine: ['fine', 'fines', 'penalty', 'penalties', 'late fee', 'late fees', 'surcharge'],
  language: ['english', 'dutch', 'german', 'french', 'language', 'speak', 'translate', 'translation'],
  quantity: ['how many', 'number of', 'maximum', 'max', 'minimum', 'min', 'capacity', 'people', 'persons', 'person'],
  size: ['size', 'sizes', 'big', 'large', 'small', 'dimensions', 'weight', 'heavy'],
  weather: ['weather', 'rain', 'raining', 'snow', 'storm', 'wind', 'cold', 'hot'],
  checkin: ['check in', 'checkin', 'check out', 'checkout time', 'arrival', 'arrive', 'arriving', 'departure', 'depart', 'leave', 'key', 'keys'],
  included: ['included', 'include', 'includes', 'including', 'inclusive', 'incl', 'extra', 'extras', 'additional', 'on top', 'separately', 'separate', 'hidden costs', 'extra costs', 'extra charge', 'add on', 'supplement'],
  tax: ['tax', 'taxes', 'vat', 'tourist tax', 'city tax', 'local tax', 'levy'],
  yearly: ['yearly', 'annual', 'annually', 'every year', 'each year', 'per year', 'a year', 'once a year'],
  monthly: ['monthly', 'every month', 'each month', 'per month', 'a month', 'monthly amount', 'monthly payment', 'monthly instalment', 'monthly fee', 'direct debit amount'],
  required: ['mandatory', 'required', 'require', 'requirement', 'requirements', 'compulsory', 'obligatory', 'obliged', 'have to', 'necessary', 'need to have', 'must i', 'do i have to', 'do i need to'],
  green: ['sustainable', 'sustainability', 'green', 'eco', 'eco friendly', 'environment', 'environmental', 'environmentally friendly', 'renewable', 'climate', 'co2', 'carbon', 'carbon neutral', 'organic', 'recycled'],
  photo: ['photo', 'photos', 'picture', 'pictures', 'pic', 'screenshot', 'image', 'snapshot'],
  disconnect: ['cut off', 'disconnect', 'disconnected', 'disconnection', 'shut off', 'switched off', 'turned off'],
  adjust: ['adjust', 'adjusted', 'adjustment', 'increase', 'decrease', 'raise', 'lower', 'higher', 'too high', 'too low', 'go up', 'go down', 'change the amount', 'reduce'],
};
