import type { Lexicon } from './types.js';

/**
 * Wat klanten van elk bedrijf in het Nederlands zeggen voor hetzelfde. Per begrip woorden en
 * zinsdelen (vergeleken op hun stam); een woord uit een bericht en een woord uit de FAQ met een
 * gedeeld begrip tellen als overeenkomst. De namen van de begrippen zijn die van de andere talen.
 *
 * Algemeen houden: woorden die elke klantenservice hoort, geen vakjargon van één branche.
 */
export const dutchLexicon: Lexicon = {
  // Chatzinnetjes die alleen een vraag aankondigen: herkend, zodat hun woorden niets betekenen.
  filler: ['kort vraagje', 'snel vraagje', 'snelle vraag', 'korte vraag', 'even een vraag', 'ik heb een vraag', 'ik vroeg me af', 'alvast bedankt', 'bij voorbaat dank', 'goede morgen', 'fijne dag', 'hoe werkt dat', 'hoe werkt het', 'hoe gaat dat', 'hoe gaat het in zijn werk', 'hoe doe ik dat', 'hoe regel ik dat', 'hoe pak ik dat aan', 'wat moet ik doen', 'wat moeten we doen', 'wat nu', 'wat kan ik doen', 'op dit moment', 'is het mogelijk', 'zou het kunnen', 'in verband met'],
  // Geld
  price: ['prijs', 'prijzen', 'prijslijst', 'kosten', 'kost', 'kostte', 'hoeveel kost', 'wat kost', 'wat kosten', 'hoeveel betaal', 'hoeveel moet ik betalen', 'tarief', 'tarieven', 'duur', 'duurder', 'goedkoop', 'goedkoper', 'goedkoopste', 'prijzig', 'bedrag', 'bedragen', 'offerte', 'betalen voor', 'per uur', 'per maand', 'per nacht', 'per dag', 'per week', 'per persoon', 'rekenen', 'rekent', 'euro', 'neerleggen', 'hoeveel ben ik kwijt', 'ben ik kwijt', 'geld', 'kost geld', 'uurtarief', 'wat kost het', 'hoeveel kost het', 'wat betaal ik', 'hoeveel betaal ik'],
  free: ['gratis', 'kosteloos', 'kostenloos', 'niks kosten', 'niets kosten', 'zonder kosten', 'voor niks', 'voor niets', 'free'],
  discount: ['korting', 'kortingen', 'kortingscode', 'aanbieding', 'aanbiedingen', 'actie', 'acties', 'sale', 'uitverkoop', 'voordeel', 'voordelig', 'goedkoper', 'studentenkorting', 'reductie', 'coupon'],
  pay: ['betalen', 'betaal', 'betaalt', 'betaald', 'betaling', 'betalingen', 'betaalmethode', 'betaalmethoden', 'betaalmogelijkheden', 'afrekenen', 'pinnen', 'pin', 'pinpas', 'pinautomaat', 'contant', 'cash', 'contactloos', 'creditcard', 'visa', 'mastercard', 'maestro', 'ideal', 'paypal', 'tikkie', 'apple pay', 'overmaken', 'overschrijving', 'automatische incasso', 'incasso', 'machtiging', 'termijnen', 'in termijnen', 'gespreid betalen', 'achteraf betalen', 'kaart', 'in delen', 'in stukjes', 'gespreid', 'spreiden', 'maandelijks betalen', 'contant geld', 'mobiel betalen', 'betaalverzoek'],
  invoice: ['factuur', 'facturen', 'rekening', 'rekeningen', 'nota', 'bon', 'bonnetje', 'kassabon', 'betaalbewijs', 'afschrift', 'overzicht', 'jaaroverzicht', 'jaarafrekening', 'eindafrekening', 'afrekening', 'jaarrekening', 'specificatie'],
  refund: ['terugbetaling', 'terugbetalen', 'terugbetaald', 'geld terug', 'mijn geld terug', 'restitutie', 'terugstorten', 'teruggestort', 'vergoeding', 'compensatie', 'refund'],
  deposit: ['aanbetaling', 'aanbetalen', 'borg', 'borgsom', 'waarborgsom', 'vooruitbetalen', 'vooraf betalen', 'voorschot'],
  // Tijd
  open: ['open', 'opent', 'geopend', 'opening', 'openingstijden', 'openingstijd', 'openingsuren', 'openingsuur', 'open tijden', 'dicht', 'gesloten', 'sluiten', 'sluit', 'sluitingstijd', 'dichtgaan', 'gaan jullie open', 'gaan jullie dicht', 'uren'],
  time: ['wanneer', 'hoe laat', 'hoelaat', 'tijd', 'tijden', 'tijdstip', 'uur', 'uren', 'tot hoe laat', 'vanaf hoe laat', 'wnr', 'vroeg', 'laat', 'tot wanneer', 'vanaf wanneer', 'hoe snel', 'om hoe laat'],
  weekday: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'ma', 'di', 'wo', 'do', 'vr', 'za', 'zo', 'maandags', 'zaterdags', 'zondags', 'weekend', 'weekenden', 'werkdag', 'werkdagen', 'doordeweeks', 'avond', 'avonds', 's avonds', 'ochtend', 'ochtends', 's ochtends', 'middag', 'middags', 's middags', 'nacht'],
  holiday: ['feestdag', 'feestdagen', 'zomer', 'zomersluiting', 'vakantiesluiting', 'kerst', 'kerstmis', 'kerstdagen', 'paasmaandag', 'pinksteren', 'koningsdag', 'hemelvaart', 'oud en nieuw', 'oudjaar', 'nieuwjaar', 'nieuwjaarsdag', 'vakantie', 'vakanties', 'zomervakantie', 'kerstvakantie', 'bouwvak', 'sluiting', 'gesloten wegens', 'kerstavond', 'eerste kerstdag', 'tweede kerstdag', 'oudejaarsavond', 'oudejaarsdag', 'meivakantie', 'herfstvakantie', 'voorjaarsvakantie', 'krokusvakantie', 'paasdagen', 'eerste paasdag', 'tweede paasdag', 'tweede pinksterdag', 'bevrijdingsdag', 'schoolvakantie', '=pasen'],
  duration: ['hoe lang', 'hoelang', 'lang', 'duur', 'duurt', 'duren', 'geduurd', 'minuten', 'min', 'hoeveel dagen', 'hoeveel weken', 'hoeveel uur', 'snel', 'snelle', 'klaar', 'doorlooptijd', 'levertijd', 'hoeveel tijd', 'bezig', 'hoe snel', 'hoe lang duurt', 'blijven'],
  wait: ['wachten', 'wacht', 'wachttijd', 'wachttijden', 'wachtlijst', 'wachtrij', 'rij', 'vertraging', 'druk'],
  late: ['te laat', 'laat', 'later', 'vertraging', 'vertraagd', 'verlopen', 'over de datum', 'laatste moment', 'op het laatste moment', 'last minute', 'kort van tevoren', 'dezelfde dag'],
  // Plaatsen
  location: ['waar', 'adres', 'locatie', 'locaties', 'vestiging', 'vestigingen', 'gevestigd', 'ligging', 'ligt', 'liggen', 'zit', 'vinden', 'route', 'routebeschrijving', 'hoe kom ik', 'bereikbaar', 'straat', 'in de buurt', 'dichtstbijzijnde', 'kaart', 'plattegrond', 'dichtbij', 'vlakbij', 'in de omgeving', 'hoe kom ik bij jullie', 'hoe kom ik er'],
  parking: ['parkeren', 'parkeer', 'parkeert', 'geparkeerd', 'parkeerplaats', 'parkeerplaatsen', 'parkeerplek', 'parkeerplekken', 'parkeergarage', 'parkeerterrein', 'parking', 'auto kwijt', 'auto neerzetten', 'met de auto', 'auto', 'autos', "auto's", 'wagen', 'fietsenstalling', 'fietsenrek', 'fietsenrekken', 'stalling', 'fiets kwijt', 'fiets neerzetten', 'fiets parkeren', 'fiets stallen', 'stallen', 'oprit', 'voor de deur'],
  transport: ['bus', 'trein', 'tram', 'metro', 'station', 'ov', 'openbaar vervoer', 'bushalte', 'met de bus', 'met de trein'],
  // Contact
  contact: ['contact', 'contact opnemen', 'bereiken', 'bellen', 'bel', 'belt', 'gebeld', 'telefoon', 'telefonisch', 'telefoonnummer', 'nummer', 'mailen', 'mail', 'email', 'e mail', 'e-mail', 'emailadres', 'mailadres', 'spreken', 'praten met', 'whatsapp', 'appen', 'bericht', 'berichtje', 'chat', 'chatten', 'klantenservice', 'helpdesk', 'bereikbaar', 'telefoonnr', 'helplijn', 'klantenservice bellen', 'jullie bellen', 'jullie mailen', 'contactgegevens'],
  // Afspraken
  appointment: ['afspraak', 'afspraken', 'afspraakje', 'boeken', 'boek', 'boeking', 'geboekt', 'reserveren', 'reserveer', 'reservering', 'gereserveerd', 'inplannen', 'plannen', 'ingepland', 'vastleggen', 'tijdslot', 'plekje', 'langskomen', 'langs komen', 'spreekuur', 'afspraak maken', 'appointment', 'regelen', 'terecht', 'terecht kunnen', 'tijd kiezen', 'tijdstip kiezen', 'aan de beurt'],
  walkin: ['binnenlopen', 'binnen lopen', 'binnenwippen', 'binnen wippen', 'aanwaaien', 'langskomen', 'langs komen', 'langslopen', 'zomaar', 'zonder afspraak', 'geen afspraak', 'inloop', 'inlopen', 'inloopspreekuur', 'vrije inloop', 'walk in', 'walkin'],
  cancel: ['annuleren', 'annuleer', 'annulering', 'annuleringen', 'geannuleerd', 'afzeggen', 'afzeg', 'afgezegd', 'afmelden', 'cancelen', 'cancellen', 'cancel', 'kan niet komen', 'niet komen', 'verhinderd', 'toch niet', 'no show', 'afbellen', 'afbel', 'afgebeld', 'niet komen opdagen', 'niet opdagen', 'niet op komen dagen', 'opdagen'],
  reschedule: ['verzetten', 'verzet', 'verplaatsen', 'verplaats', 'verschuiven', 'omboeken', 'wijzigen', 'wijzig', 'veranderen', 'verander', 'ander tijdstip', 'andere tijd', 'andere dag', 'andere datum', 'later', 'uitstellen', 'schuiven', 'opschuiven', 'doorschuiven', 'later zetten', 'andere week', 'ander moment', 'omzetten', 'andere afspraak', 'naar achteren', 'naar voren', 'vervroegen'],
  availability: ['beschikbaar', 'beschikbaarheid', 'aanwezig', 'voorraad', 'op voorraad', 'leverbaar', 'uitverkocht', 'vrij', 'plek', 'plekken', 'plaats', 'plaatsen', 'ruimte', 'vol', 'volgeboekt', 'nog plek'],
  // Winkelen en bezorgen
  delivery: ['bezorgen', 'bezorg', 'bezorgt', 'bezorgd', 'bezorging', 'bezorgkosten', 'thuisbezorgen', 'leveren', 'lever', 'levert', 'geleverd', 'levering', 'leveringen', 'verzenden', 'verzend', 'verzonden', 'verzending', 'verzendkosten', 'versturen', 'verstuurd', 'opsturen', 'opgestuurd', 'sturen', 'pakket', 'pakketje', 'post', 'koerier', 'bezorger', 'brengen', 'thuis'],
  pickup: ['ophalen', 'ophaal', 'opgehaald', 'afhalen', 'afhaal', 'afgehaald', 'halen', 'meenemen', 'takeaway', 'take away', 'afhaalpunt', 'ophaalpunt'],
  return: ['retour', 'retourneren', 'retourneer', 'geretourneerd', 'retourtje', 'terugsturen', 'terugstuur', 'teruggestuurd', 'terugbrengen', 'teruggebracht', 'terug', 'ruilen', 'ruil', 'omruilen', 'geruild', 'retourbeleid'],
  warranty: ['garantie', 'garanties', 'waarborg', 'garantietermijn'],
  broken: ['kapot', 'stuk', 'defect', 'beschadigd', 'schade', 'gebroken', 'afgebroken', 'gebarsten', 'barst', 'werkt niet', 'doet het niet', 'doet niks', 'doet niets', 'probleem', 'problemen', 'storing', 'storingen', 'mankement', 'kapotgegaan', 'gescheurd', 'raar geluid', 'geluid', 'geluiden', 'piept', 'piepen', 'rammelt', 'lekt', 'lekken', 'lekkage', 'foutmelding', 'foutcode', 'error', 'stroomstoring', 'geen stroom', 'zonder stroom', 'stroomuitval', 'uitval', 'gaslek', 'gas ruiken', 'ruik gas', 'laadt niet', 'laadt niet op', 'start niet', 'krom', 'verbogen', 'scheur', 'kras', 'krassen', 'deuk', 'vlek'],
  repair: ['reparatie', 'reparaties', 'repareren', 'repareer', 'gerepareerd', 'maken', 'laten maken', 'fixen', 'onderhoud', 'onderhoudsbeurt', 'beurt', 'servicebeurt', 'service', 'controle', 'nakijken', 'keuring', 'afstellen', 'afgesteld', 'naar kijken', 'naar laten kijken', 'ernaar kijken', 'daarnaar kijken', 'ernaar laten kijken', 'checken', 'jaarlijkse beurt', 'apk', 'vervangen', 'vervanging'],
  sell: ['verkopen', 'verkoop', 'verkocht', 'te koop', 'kopen', 'koop', 'aanschaffen', 'assortiment', 'voorraad', 'merken', 'merk', 'modellen', 'in de winkel', 'bieden', 'aanbieden', 'bieden jullie', 'hebben jullie ook', 'leveren jullie'],
  used: ['tweedehands', 'tweede hands', 'gebruikt', 'gebruikte', 'occasion', 'occasions', 'refurbished'],
  order: ['bestellen', 'bestel', 'besteld', 'bestelling', 'bestellingen', 'kopen', 'koop', 'gekocht', 'aankoop', 'aanschaffen', 'order'],
  track: ['volgen', 'track', 'track en trace', 'track and trace', 'trackingcode', 'volgcode', 'status', 'waar blijft', 'waar is mijn'],
  // Lidmaatschap en accounts
  membership: ['lid', 'leden', 'lidmaatschap', 'lid worden', 'aanmelden', 'aanmelding', 'inschrijven', 'inschrijving', 'ingeschreven', 'registreren', 'registratie', 'abonnement', 'abonnementen', 'contributie', 'member', 'membership'],
  quit: ['opzeggen', 'opzeg', 'opgezegd', 'opzegging', 'opzegtermijn', 'opzegvergoeding', 'opzegkosten', 'stoppen', 'stop', 'stoppen met', 'beëindigen', 'beeindigen', 'uitschrijven', 'uitgeschreven', 'afmelden', 'afgemeld', 'lidmaatschap stoppen', 'abonnement stoppen'],
  account: ['account', 'inloggen', 'log in', 'login', 'wachtwoord', 'gebruikersnaam', 'mijn omgeving', 'mijn account', 'portaal', 'app', 'digid'],
  privacy: ['privacy', 'persoonsgegevens', 'gegevens', 'avg', 'data', 'mijn gegevens'],
  details: ['gegevens', 'gegevens wijzigen', 'adreswijziging', 'naamswijziging', 'rekeningnummer', 'iban', 'bankrekening', 'bijwerken', 'e-mailadres wijzigen', 'telefoonnummer wijzigen', 'gegevens aanpassen'],
  move: ['verhuizen', 'verhuis', 'verhuisd', 'verhuizing', 'nieuw adres', 'ander adres', 'adreswijziging', 'omschrijven', 'adres wijzigen', 'nieuwe woning', 'nieuw huis', 'nieuwe huis', 'sleutel van'],
  // Mensen
  male: ['man', 'mannen', 'heer', 'heren', 'herenkapsel', 'jongen', 'jongens', 'echtgenoot', 'vriend', 'vader', 'papa', 'hem', 'zijn', 'barbier'],
  female: ['vrouw', 'vrouwen', 'dame', 'dames', 'damesknipbeurt', 'meisje', 'meisjes', 'echtgenote', 'vriendin', 'moeder', 'mama', 'haar'],
  child: ['kind', 'kinderen', 'kindje', 'kids', 'baby', 'babys', "baby's", 'peuter', 'peuters', 'kleuter', 'kleuters', 'zoon', 'zoontje', 'dochter', 'dochtertje', 'minderjarig', 'minderjarige', 'tiener', 'tieners', 'jeugd', 'jeugdlid', 'junior', 'junioren', 'jongeren', 'jongere', 'kleintje', 'kleine', 'mijn zoon', 'mijn dochter', 'schoolgaand'],
  age: ['leeftijd', 'leeftijden', 'oud', 'jaar oud', 'minimumleeftijd', 'leeftijdsgrens', 'hoe oud', 'ouder', 'jonger', 'volwassen', 'volwassene', 'volwassenen', 'onder de 18', 'boven de 18'],
  pet: ['huisdier', 'huisdieren', 'hond', 'honden', 'hondje', 'puppy', 'kat', 'katten', 'poes', 'dier', 'dieren', 'konijn', 'konijnen', 'vogel', 'vogels', 'papegaai', 'parkiet', 'grasparkiet', 'cavia', 'cavias', "cavia's", 'hamster', 'hamsters', 'reptiel', 'reptielen', 'hagedis', 'slang', 'schildpad', 'landschildpad', 'paard', 'paarden', 'pony', 'fret', 'kater', 'kitten', 'pup', 'pups', 'beest', 'beesten', 'beestje', 'labrador', 'labradors', 'viervoeter'],
  group: ['groep', 'groepen', 'groepje', 'feest', 'feestje', 'team', 'bedrijfsuitje', 'uitje', 'schoolklas', 'klas', 'vereniging', 'club'],
  // Regels en voorzieningen
  allowed: ['toegestaan', 'mag', 'mogen', 'welkom', 'meenemen', 'regels', 'regel', 'huisregels', 'beleid', 'verboden', 'niet toegestaan', 'niet mogen', 'is dat een probleem', 'is dat goed', 'is dat oke', 'is dat ok', 'mag dat', 'mag ik', 'mogen we', 'is het toegestaan', 'geen probleem', 'bezwaar'],
  accessible: ['rolstoel', 'rolstoelen', 'rolstoeltoegankelijk', 'toegankelijk', 'toegankelijkheid', 'mindervalide', 'mindervaliden', 'invalide', 'beperking', 'lift', 'trap', 'trappen', 'drempel', 'drempels', 'rollator', 'slecht ter been'],
  wifi: ['wifi', 'wi fi', 'internet', 'wlan'],
  food: ['eten', 'eet', 'maaltijd', 'maaltijden', 'lunch', 'lunchen', 'diner', 'avondeten', 'ontbijt', 'ontbijten', 'snack', 'snacks', 'restaurant', 'menu', 'menukaart', 'kaart', 'snackbar', 'snackbars', 'eetcafe', 'bistro', 'catering', 'afhaaleten'],
  drink: ['drinken', 'drink', 'drankje', 'drankjes', 'dranken', 'bar', 'koffie', 'thee', 'bier', 'alcohol', 'kantine', 'cafe', 'café'],
  diet: ['vegetarisch', 'vega', 'veganistisch', 'vegan', 'glutenvrij', 'gluten', 'allergie', 'allergieën', 'allergieen', 'allergisch', 'lactosevrij', 'lactose', 'halal', 'noten', 'dieet'],
  facilities: ['toilet', 'toiletten', 'wc', 'wcs', 'douche', 'douches', 'douchen', 'sanitair', 'badkamer', 'voorzieningen', 'kleedkamer', 'kleedkamers', 'kluisje', 'kluisjes'],
  smoke: ['roken', 'rook', 'sigaret', 'sigaretten', 'vapen', 'rookvrij'],
  bring: ['meenemen', 'meebrengen', 'meegeven', 'bij me hebben', 'moet ik meenemen', 'inpakken'],
  gift: ['cadeaubon', 'cadeaubonnen', 'cadeaukaart', 'waardebon', 'tegoedbon', 'giftcard', 'cadeau', 'cadeautje', 'kado', 'kadobon'],
  // Gebeurtenissen en omstandigheden
  wedding: ['bruiloft', 'bruiloften', 'trouwen', 'trouw', 'getrouwd', 'huwelijk', 'bruid', 'bruiden', 'bruidskapsel', 'bruidegom', 'bruidsmeisje', 'bruidsmeisjes', 'trouwdag'],
  birthday: ['verjaardag', 'verjaardagen', 'jarig', 'jubileum'],
  sick: ['ziek', 'zieke', 'ziekte', 'ziektes', 'niet lekker', 'beroerd'],
  medicine: ['medicijn', 'medicijnen', 'medicatie', 'pillen', 'pil', 'tabletten', 'tablet', 'recept', 'recepten', 'herhaalrecept', 'herhaalrecepten', 'nabestellen', 'geneesmiddel'],
  injection: ['vaccinatie', 'vaccinaties', 'vaccin', 'vaccineren', 'inenting', 'inentingen', 'inenten', 'prik', 'prikje', 'prikken', 'spuitje', 'injectie', 'entingen'],
  home: ['aan huis', 'huisbezoek', 'huisbezoeken', 'thuis', 'bij ons thuis', 'bij mij thuis', 'langskomen bij', 'aan huis komen'],
  night: ['nacht', 'nachten', 's nachts', 'snachts', 'vannacht', 'middernacht', 'overnachten', 'overnachting'],
  visitor: ['bezoek', 'bezoeker', 'bezoekers', 'gast', 'gasten', 'logeren', 'logees', 'visite'],
  abroad: ['buitenland', 'buitenlands', 'buitenlandse', 'uit het buitenland', 'ander land', 'andere landen', 'land', 'landen', 'expat', 'expats', 'emigreren', 'immigreren', 'internationaal', 'europa', 'eu', 'belgie', 'duitsland', 'frankrijk', 'luxemburg', 'spanje', 'italie', 'portugal', 'engeland', 'uk', 'verenigd koninkrijk', 'groot brittannie', 'ierland', 'amerika', 'vs', 'canada', 'oostenrijk', 'zwitserland', 'denemarken', 'zweden', 'noorwegen', 'polen', 'turkije', 'marokko'],
  stolen: ['gestolen', 'diefstal', 'gejat', 'beroofd', 'gerold', 'inbraak', 'jatten', 'stelen'],
  report: ['melden', 'melding', 'meld', 'gemeld', 'doorgeven', 'doorgegeven', 'laten weten', 'aangeven', 'aangifte', 'doorgeef', 'invullen', 'ingevuld', 'opgeven', 'opgegeven', 'insturen', 'ingestuurd', 'indienen', 'ingediend', 'doorsturen'],
  fast: ['snel', 'sneller', 'snelst', 'vlug', 'spoed', 'versneld', 'eerder', 'zo snel mogelijk', 'zsm', 'haast', 'express'],
  arrears: ['schuld', 'schulden', 'achterstand', 'betalingsachterstand', 'betalingsregeling', 'regeling', 'niet betalen', 'kan niet betalen', 'krap', 'krap bij kas', 'aflossen', 'herinnering', 'aanmaning', 'onbetaald', 'openstaand'],
  online: ['online', 'website', 'site', 'internet', 'app', 'link', 'digitaal', 'pagina', 'webpagina', 'online boeken', 'online formulier', 'via de website', 'digitaal formulier'],
  contract: ['contract', 'contracten', 'overeenkomst', 'looptijd', 'vast contract', 'termijn', 'vaste termijn'],
  switch: ['overstappen', 'overstap', 'overstappen naar', 'wisselen', 'overgaan', 'klant worden', 'overzetten', 'aanmelden', 'nieuwe klant', 'huidige leverancier', 'huidige aanbieder', 'overkomen', 'overstappen van'],
  waste: ['afval', 'vuilnis', 'vuil', 'container', 'containers', 'kliko', 'klikos', 'grofvuil', 'grof vuil', 'afvalbak', 'vuilniszak', 'recycling', 'vuilniswagen', 'vuilnisauto', 'ophaaldag', 'afvalkalender', 'bank', 'matras', 'koelkast', 'wasmachine', 'meubels', 'meubel', 'kwijtraken', 'weggooien', 'wegbrengen', 'wegdoen', 'milieustraat', 'stort', 'gedumpt', 'dumpen', 'zwerfvuil', 'vuilniszakken', 'grofvuil ophalen'],
  linen: ['beddengoed', 'lakens', 'laken', 'linnengoed', 'handdoeken', 'handdoek', 'dekbed', 'kussens', 'bedlinnen'],
  electricity: ['stroom', 'elektriciteit', 'elektra', 'stopcontact', 'stopcontacten', 'aansluiting', 'stroomaansluiting', 'opladen', 'laden'],
  clean: ['schoonmaak', 'schoonmaken', 'schoongemaakt', 'poetsen', 'eindschoonmaak', 'vies', 'wassen', 'reinigen'],
  // Werken bij ons
  job: ['vacature', 'vacatures', 'baan', 'baantje', 'bijbaan', 'werken bij', 'solliciteren', 'sollicitatie', 'stage', 'stageplek', 'stagiair', 'stagelopen', 'personeel', 'vrijwilliger', 'vrijwilligers', 'vrijwilligerswerk', 'stage lopen', 'werkervaring', 'leerwerkplek', 'bijbaantje', 'sollicitatiebrief', 'open sollicitatie'],
  // Haast en problemen
  emergency: ['spoed', 'spoedgeval', 'spoedgevallen', 'met spoed', 'dringend', 'urgent', 'acuut', 'nood', 'noodgeval', 'noodgevallen', 'noodnummer', 'direct', 'meteen', 'zo snel mogelijk', 'zsm', 'buiten openingstijden', 'na sluitingstijd', 'dezelfde dag', 'vandaag nog', 'nu meteen', 'dienstdoende', 'dienst', 'avonddienst', 'weekenddienst', 'nachtdienst', 'ongeluk', 'ongeval', 'bloedt', 'bloeden', 'bloeding', 'vergiftigd', 'vergiftiging', 'gif', 'geen lucht', 'benauwd', 'flauwgevallen', 'bewusteloos', 'aanval'],
  pain: ['pijn', 'pijnlijk', 'doet pijn', 'doet zeer', 'zeer', 'last van', 'klachten'],
  lost: ['kwijt', 'kwijtgeraakt', 'verloren', 'verlies', 'vergeten', 'vermist', 'laten liggen', 'laten staan', 'niet meer vinden', 'gevonden voorwerpen'],
  complaint: ['klacht', 'klachten', 'klagen', 'ontevreden', 'niet tevreden', 'teleurgesteld', 'feedback', 'review', 'beoordeling'],
  // Verzekering en papieren
  insurance: ['verzekering', 'verzekeringen', 'verzekerd', 'verzekeraar', 'zorgverzekering', 'zorgverzekeraar', 'aanvullende verzekering', 'vergoed', 'vergoeding', 'dekking', 'gedekt', 'declareren', 'declaratie'],
  document: ['document', 'documenten', 'papieren', 'formulier', 'formulieren', 'id', 'identiteitsbewijs', 'id kaart', 'idkaart', 'identiteitskaart', 'legitimatie', 'legitimeren', 'paspoort', 'rijbewijs', 'bewijs', 'certificaat', 'verklaring', 'pasfoto', 'uittreksel', 'kopie', 'afschrift', 'bewijs van inschrijving', 'bewijs van', 'adresbewijs', 'officieel bewijs'],
  request: ['aanvragen', 'aanvraag', 'aanvragen', 'aangevraagd', 'verzoek', 'verzoeken'],
  new: ['nieuw', 'nieuwe', 'nieuwe klant', 'nieuwe patient', 'nieuwe pati\u00ebnt', 'nieuwe patienten', 'eerste keer', 'eerste bezoek', 'aannemen', 'inschrijven', 'klant worden', 'overstappen naar jullie', 'inschrijven bij jullie', 'nieuwe klanten'],
  // Leren
  lesson: ['les', 'lessen', 'lesje', 'cursus', 'cursussen', 'training', 'trainingen', 'trainen', 'train', 'oefenen', 'workshop', 'workshops', 'sessie', 'sessies'],
  trial: ['proefles', 'proeflessen', 'proeftraining', 'proberen', 'uitproberen', 'probeer', 'proef', 'kennismaken', 'kennismaking', 'kennismakingsles', 'eerste les', 'meetrainen', 'proefperiode'],
  rent: ['huren', 'huur', 'huurt', 'gehuurd', 'verhuur', 'verhuren', 'lenen', 'leen', 'geleend', 'uitlenen', 'uitlening', 'lening'],
  extend: ['verlengen', 'verleng', 'verlengd', 'verlenging', 'langer'],
  fine: ['boete', 'boetes', 'naheffing', 'te laat geld', 'administratiekosten', 'toeslag', 'toeslagen'],
  language: ['engels', 'nederlands', 'duits', 'frans', 'taal', 'talen', 'spreken', 'vertalen', 'vertaling'],
  quantity: ['hoeveel', 'aantal', 'maximaal', 'max', 'minimaal', 'minimum', 'maximum', 'capaciteit', 'personen', 'mensen', 'persoon'],
  size: ['maat', 'maten', 'groot', 'grote', 'groter', 'klein', 'kleiner', 'afmeting', 'afmetingen', 'gewicht', 'zwaar'],
  weather: ['weer', 'regen', 'regent', 'sneeuw', 'storm', 'wind', 'koud', 'warm'],
  checkin: ['inchecken', 'incheck', 'ingecheckt', 'uitchecken', 'uitcheck', 'aankomst', 'aankomen', 'aankomsttijd', 'vertrek', 'vertrekken', 'vertrektijd', 'sleutel', 'sleutels'],
  included: ['inbegrepen', 'inclusief', 'incl', 'extra', 'apart', 'los', 'los te betalen', 'apart betalen', 'bijbetalen', 'meerprijs', 'extra kosten', 'bijkomende kosten', 'verborgen kosten', 'erbij', 'bij de prijs'],
  tax: ['belasting', 'belastingen', 'btw', 'toeristenbelasting', 'toeristentaks', 'toeristentax', 'tax', 'gemeentebelasting', 'heffing'],
  yearly: ['jaarlijks', 'jaarlijkse', 'elk jaar', 'ieder jaar', 'per jaar', 'eens per jaar', 'jaar'],
  monthly: ['maandelijks', 'maandelijkse', 'elke maand', 'iedere maand', 'per maand', 'maandbedrag', 'termijnbedrag', 'voorschotbedrag', 'voorschot', 'maandtermijn'],
  required: ['verplicht', 'verplichte', 'verplichting', 'vereist', 'vereisten', 'moet dat', 'noodzakelijk', 'nodig hebben', 'moet ik hebben'],
  green: ['duurzaam', 'duurzame', 'duurzaamheid', 'groen', 'groene', 'milieu', 'milieuvriendelijk', 'klimaat', 'klimaatneutraal', 'hernieuwbaar', 'co2', 'biologisch', 'gerecycled'],
  photo: ['foto', 'fotos', "foto's", 'fotootje', 'plaatje', 'screenshot', 'afbeelding'],
  disconnect: ['afgesloten worden', 'afsluiten', 'sluiten af', 'sluiten jullie af', 'afsluiting', 'dichtdraaien', 'uitzetten'],
  adjust: ['aanpassen', 'aangepast', 'aanpassing', 'verhogen', 'verhoogd', 'verlagen', 'verlaagd', 'omhoog', 'omlaag', 'te hoog', 'te laag', 'bijstellen', 'hoger', 'lager', 'ander bedrag'],
};
