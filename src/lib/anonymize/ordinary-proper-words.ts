/**
 * Capitalised words that are not people, by kind, lower case, written by us from general knowledge
 * (session 19, issue 14): brands and apps, companies, places the engine's dictionary and the
 * time-zone and region lists lack (cities, rivers, mountains, landmarks, neighbourhoods), holidays
 * and festivals, and the everyday words and greetings of other languages that chat mixes in. Chat
 * names these far more often than a person who bears them; the name finder keeps them unless a
 * clear cue says "someone" (`person-keep.ts`). Given names that are also places or rivers ("Jordan",
 * "Sydney", "Sofia", "Victoria", "Ganga", "Yamuna") are left out on purpose: they are far more often
 * someone in chat. Several words of a phrase ("victoria falls", "hari raya") are kept together only.
 */
const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
const phrases = (text: string): string[] => text.split(/\s*[,\n]\s*/).map((phrase) => phrase.trim()).filter((phrase) => phrase.includes(' '));

/** Apps, services, shops, products and brands. */
const BRANDS = words(`
	oxxo falabella lider edeka biedronka othaim weibo douyin xiaohongshu bilibili meituan pinduoduo coupang baemin naver rakuten mercari magalu americanas
	kilimall kenchic galitos artcaffe naivas carrefour spinneys tamimi bigbazaar dmart croma daraz pathao chaldal emart familymart seveneleven
	mercadona esselunga conad kaufland rewe migros coop heijn biedronka zabka rossmann sephora boots argos currys dunnes
	pemex bimbo gautrain metrorail matatus safeboda faras littlecab glovo wolt foodora justeat ubereats lalamove
	spotify whatsapp instagram insta tiktok snapchat snap facebook fb messenger youtube netflix hulu disney hbo crunchyroll twitch reddit pinterest linkedin
	telegram signal viber wechat kakaotalk kakao line zalo imo skype zoom teams slack discord notion trello asana jira figma canva dropbox
	gmail outlook icloud onedrive chatgpt openai gemini copilot duolingo tinder bumble hinge grindr shazam waze uber lyft bolt grab gojek careem
	rapido indrive cabify yango talabat deliveroo glovo rappi ifood swiggy zomato blinkit zepto instacart doordash grubhub foodpanda jumia konga
	takealot flipkart myntra meesho nykaa paytm phonepe gpay upi bhim mpesa ecocash gcash paymaya ovo shopeepay alipay wechatpay
	venmo zelle cashapp paypal revolut monzo wise klarna afterpay nubank picpay mercadopago mercadolibre pix opay palmpay moniepoint
	chipper flutterwave paystack bkash nagad easypaisa jazzcash airtel safaricom vodacom vodafone mtn glo jio telkomsel indosat globe
	ooredoo etisalat movistar claro tigo digicel cellcom telcel tmobile verizon
	shopee lazada tokopedia bukalapak traveloka agoda booking airbnb expedia skyscanner trivago tripadvisor
	amazon ebay etsy aliexpress alibaba taobao tmall jd temu shein zalando asos primark uniqlo mango bershka hm ikea decathlon
	lidl aldi tesco sainsburys asda morrisons waitrose woolworths coles checkers shoprite spar makro game pnp carrefour auchan walmart target
	costco kroger safeway publix wholefoods trader bigbasket dmart reliance naivas quickmart carrefour tuskys nakumatt
	apple iphone ipad macbook airpods samsung galaxy xiaomi redmi huawei oppo vivo realme oneplus tecno infinix itel nokia motorola
	lenovo thinkpad asus acer dell hp msi toshiba sony panasonic lg philips canon nikon fujifilm gopro garmin fitbit kindle playstation ps5 ps4
	xbox nintendo switch steam minecraft fortnite roblox valorant pubg fifa pokemon tetris wordle
	toyota corolla hilux camry prius vitz honda civic nissan mazda subaru suzuki mitsubishi hyundai kia tata mahindra maruti bajaj tvs
	volkswagen vw polo golf audi bmw benz porsche tesla ford chevy chevrolet jeep peugeot renault citroen fiat skoda volvo yamaha
	cocacola coke pepsi sprite mirinda sevenup redbull monster lipton nescafe nespresso ovaltine horlicks nutella oreo pringles
	indomie maggi knorr kelloggs nestle cadbury haribo tusker guinness heineken corona modelo peroni carlsberg castle hennessy
	smirnoff bacardi jameson baileys aperol starbucks costa nero mcdonalds mcd kfc nandos dominos pizzahut subway burgerking chipotle
	jollibee inasal chowking tims dunkin krispy kreme greggs pret wagamama
	pampers huggies dettol colgate vaseline nivea lifebuoy omo tide surf harpic gillette oralb sensodyne panadol
	strava peloton nike adidas puma reebok asics vans converse crocs fila skechers gucci prada dior lv rolex casio
	whatsapp wifi bluetooth android ios windows macos linux ubuntu chrome firefox safari google yahoo
	pix sim esim
`);

/** Companies, banks, airlines, employers. */
const COMPANIES = words(`
	deloitte accenture kpmg pwc ey mckinsey infosys wipro tcs cognizant hcl capgemini ibm oracle sap salesforce microsoft google meta nvidia intel amd
	dangote unilever nestle siemens bosch shell bp exxon chevron totalenergies aramco sinopec petronas pertamina eskom kplc nepa
	emirates etihad flydubai qatar lufthansa klm ryanair easyjet wizz indigo vistara airasia cebu scoot jetstar qantas latam avianca
	rwandair kenyaairways ethiopian egyptair royalair flysafair airpeace
	equity kcb ncba stanbic absa capitec fnb nedbank ecobank gtbank gtb zenith uba firstbank access wema hsbc barclays citi
	santander bbva itau bradesco hdfc icici sbi axis kotak maybank cimb bca bri mandiri bdo bpi metrobank
	dhl fedex ups aramex usps sendy glovo
`);

/** Cities, regions and countries that the engine or the time-zone and region lists may lack, and common short forms. */
const PLACES = words(`
	rustenburg upington mthatha eastlondon bay tiwi kisii kakamega bungoma kericho embu nanyuki naro moru lodwar wajir
	dalat sapa halong hoian vungtau phuquoc kampot battambang pakse hsipaw bagan inle
	pokhara lumbini biratnagar janakpur dharan sylhet bogra comilla barisal mymensingh
	lahore hunza skardu gilgit swat murree abbottabad hyderabad sukkur bahawalpur
	cebu dumaguete tacloban zamboanga cagayan legazpi vigan sagada
	medellin manizales bucaramanga santamarta cusco puno iquitos chiclayo huaraz
	arequipa cochabamba potosi uyuni salta jujuy tucuman neuquen
	gdynia sopot zakopane torun lublin szczecin bialystok olomouc plzen cesky brasov sibiu
	eskisehir konya kayseri gaziantep diyarbakir sanliurfa mardin fethiye marmaris alanya
	essaouira chefchaouen ouarzazate meknes tetouan sousse hammamet djerba kairouan
	nairobi mombasa kisumu nakuru eldoret thika machakos naivasha malindi kilifi nyeri meru kitale garissa
	kampala entebbe jinja gulu mbarara kigali musanze huye rubavu dodoma arusha moshi mwanza zanzibar stonetown bujumbura goma bukavu kinshasa lubumbashi
	lusaka ndola kitwe livingstone harare bulawayo mutare gweru lilongwe blantyre mzuzu maputo beira gaborone francistown windhoek swakopmund
	maseru mbabane johannesburg joburg jozi pretoria tshwane durban soweto sandton gqeberha bloemfontein polokwane mbombela pietermaritzburg stellenbosch
	lagos abuja ibadan kano kaduna enugu onitsha owerri calabar uyo warri benin ilorin port abeokuta osogbo akure
	accra kumasi tamale takoradi cape coast tema koforidua lome cotonou ouagadougou bamako dakar banjul conakry freetown monrovia
	abidjan yamoussoukro niamey ndjamena douala yaounde bamenda libreville brazzaville luanda
	addis ababa gondar lalibela bahir mekelle hawassa djibouti mogadishu hargeisa khartoum omdurman juba
	cairo giza luxor aswan hurghada sharm tunis sfax tripoli benghazi algiers oran casablanca rabat marrakech marrakesh fes fez tangier agadir
	mumbai bombay delhi noida gurgaon gurugram pune bengaluru bangalore chennai madras kolkata calcutta hyderabad ahmedabad surat jaipur lucknow kanpur
	nagpur indore bhopal patna ranchi kochi cochin kerala goa mysore mysuru coimbatore madurai vizag visakhapatnam chandigarh amritsar ludhiana
	shimla haridwar varanasi agra udaipur jodhpur srinagar leh guwahati shillong darjeeling ooty
	karachi lahore islamabad rawalpindi peshawar quetta multan faisalabad sialkot dhaka chittagong chattogram sylhet khulna rajshahi coxs bazar
	kathmandu pokhara lalitpur bhaktapur chitwan thimphu paro colombo kandy galle jaffna negombo
	jakarta surabaya bandung yogyakarta jogja semarang medan makassar denpasar ubud canggu seminyak kuta bali lombok bogor depok bekasi tangerang malang
	manila quezon makati taguig pasig cebu davao iloilo bacolod baguio boracay palawan siargao bohol tagaytay
	hanoi saigon hcmc danang hoian nhatrang dalat haiphong phnom penh reap sihanoukville vientiane luang prabang yangon mandalay naypyidaw
	bangkok chiangmai chiang phuket krabi pattaya ayutthaya kohsamui samui huahin
	kualalumpur kuala lumpur kl penang georgetown ipoh melaka malacca johor jb kuching kotakinabalu langkawi putrajaya cyberjaya singapore sg
	seoul busan incheon daegu daejeon gwangju jeju suwon tokyo osaka kyoto nagoya sapporo fukuoka yokohama hiroshima okinawa sendai
	beijing shanghai shenzhen guangzhou chengdu chongqing wuhan hangzhou nanjing suzhou tianjin qingdao xiamen kunming harbin macau taipei kaohsiung
	ulaanbaatar almaty astana nursultan tashkent samarkand bukhara bishkek dushanbe ashgabat baku tbilisi batumi yerevan
	istanbul ankara izmir antalya bursa bodrum cappadocia trabzon tehran isfahan shiraz tabriz mashhad kabul herat
	baghdad basra erbil damascus aleppo beirut amman aqaba jerusalem telaviv haifa gaza ramallah riyadh jeddah mecca makkah dammam
	doha dubai abudhabi sharjah ajman muscat salalah manama kuwait
	lima cusco cuzco arequipa bogota medellin cali cartagena barranquilla quito guayaquil cuenca lapaz santacruz sucre asuncion montevideo
	valparaiso bariloche ushuaia caracas maracaibo
	cdmx guadalajara monterrey puebla oaxaca cancun tulum tijuana queretaro chihuahua acapulco veracruz
	guatemala antigua tegucigalpa sanpedro managua sansalvador sanjose panama havana habana santodomingo puntacana kingston montego
	recife salvador fortaleza curitiba manaus belem horizonte bh porto floripa florianopolis brasilia goiania maceio niteroi campinas
	krakow gdansk wroclaw poznan lodz warszawa warsaw katowice brno ostrava bratislava kosice budapest debrecen bucharest cluj timisoara iasi
	plovdiv varna belgrade zagreb split dubrovnik ljubljana sarajevo mostar skopje ohrid tirana podgorica kotor
	kyiv kiev lviv odesa kharkiv dnipro minsk vilnius kaunas riga tallinn tartu chisinau
	reykjavik tromso bergen trondheim stavanger gothenburg goteborg malmo uppsala aarhus odense turku tampere espoo
	auckland christchurch queenstown rotorua dunedin suva apia nukualofa honiara portmoresby noumea papeete
	ghana kenya uganda tanzania rwanda burundi zambia malawi botswana namibia lesotho eswatini mozambique zimbabwe angola congo drc
	nigeria senegal gambia liberia togo benin cameroon gabon mali niger sudan somalia somaliland ethiopia eritrea djibouti
	morocco tunisia algeria libya egypt peru chile colombia bolivia paraguay uruguay ecuador venezuela guyana suriname
	nepal bhutan bangladesh pakistan afghanistan laos cambodia myanmar burma vietnam thailand malaysia indonesia philippines mongolia
	fiji samoa tonga vanuatu kiribati tuvalu nauru palau
	naija nyc la sf dmv uk usa uae ksa
`);

/** Rivers, lakes, mountains, parks, islands, beaches and landmarks. */
const LANDMARKS = words(`
	nile zambezi limpopo orange niger congo volta ganges godavari cauvery brahmaputra indus mekong irrawaddy phraya
	yangtze danube rhine elbe oder vistula volga dnieper thames seine loire tiber amazon orinoco parana tigris euphrates
	tanganyika malawi turkana naivasha kivu titicaca baikal
	kilimanjaro kenya meru elgon rwenzori drakensberg atlas everest kanchenjunga himalaya himalayas fuji alps andes rockies
	serengeti ngorongoro tsavo amboseli samburu maasai kruger etosha okavango chobe hwange bwindi volcanoes
	uluru kakadu borobudur prambanan angkor wat alhambra colosseum acropolis parthenon stonehenge kremlin louvre
	sagrada familia eiffel tajmahal mahal machu picchu chichen itza teotihuacan copacabana ipanema leblon bondi
	zanzibar lamu diani watamu malindi nungwi paje kendwa boracay palawan siargao langkawi lombok gili komodo ampat
	maldives seychelles mauritius madagascar socotra santorini mykonos crete ibiza mallorca tenerife
`);

/** Neighbourhoods and districts chat meets in. */
const NEIGHBOURHOODS = words(`
	westlands kilimani kileleshwa lavington parklands runda kasarani rongai kitengela ngong embakasi eastleigh gigiri kibera kawangware
	lekki ikoyi yaba surulere ikeja gbagada ajah magodo maryland festac wuse maitama garki gwarinpa osu legon labone cantonments spintex
	sandton rosebank braamfontein melville khayelitsha gugulethu umlazi tembisa woodstock observatory
	bandra andheri juhu colaba dadar powai worli koramangala indiranagar whitefield jayanagar hsr gachibowli banjara jubilee hitech
	gulberg dha saddar dhanmondi banani uttara mirpur thamel patan boudha kemang menteng senopati kuningan sudirman
	bgc makati ortigas thonglor sukhumvit silom siam ekkamai itaewon gangnam hongdae myeongdong insadong shibuya shinjuku harajuku akihabara ginza roppongi
	recoleta miraflores barranco condesa coyoacan pinheiros leblon botafogo
	kreuzberg neukolln friedrichshain mitte prenzlauer brixton peckham hackney shoreditch soho harlem bushwick williamsburg
`);

/** Holidays, festivals, fasts and their greetings. */
const HOLIDAYS = words(`
	timket navroz gurpurab baisakhi bonalu sankranti lunar hanami setsubun shogatsu golden diada sanfermines fallas tomatina midsummer juhannus walpurgis
	christmas xmas easter thanksgiving halloween valentines diwali deepavali holi navratri dussehra diwali pongal onam vishu lohri baisakhi vaisakhi
	janmashtami chhath teej karva karwa ugadi gudi padwa bihu chaturthi
	eid ramadan ramzan iftar suhoor sehri mawlid mawlud ashura muharram adha fitr bakrid
	hanukkah chanukah passover pesach purim sukkot shavuot yom kippur rosh hashanah shabbat
	nowruz songkran krathong thingyan vesak wesak chuseok seollal obon tanabata hanami tet qingming
	kwanzaa juneteenth boxing hogmanay oktoberfest carnaval carnival mardi gras timkat meskel enkutatash losar dashain tihar
	matariki waitangi anzac bastille posadas semana santa raymi sallah ramadhan madaraka jamhuri mashujaa
`);

/** Holidays, festivals and other things named with several words: kept only together. */
const PHRASES = phrases(`
	victoria falls, table mountain, lake victoria, lake malawi, maasai mara, masai mara, mount kenya, mount elgon, angkor wat, machu picchu,
	sagrada familia, eiffel tower, taj mahal, chichen itza, central park, hyde park, times square, golden gate, big ben, great wall,
	kenya airways, qatar airways, ethiopian airlines, turkish airlines, singapore airlines, air peace, south african airways,
	equity bank, first bank, access bank, chiang mai, chiang rai, addis ababa, port harcourt, cape coast, cape town, dar es salaam, phnom penh,
	siem reap, luang prabang, kuala lumpur, kota kinabalu, abu dhabi, tel aviv, la paz, santa cruz, san jose, puerto rico, costa rica,
	sri lanka, el salvador, new zealand, ho chi minh, hoi an, nha trang, da nang, hong kong, sao paulo, rio de janeiro, buenos aires,
	belo horizonte, porto alegre, novi sad, cox's bazar, coxs bazar, stone town, bahir dar, mecca, gili islands, raja ampat,
	ramadan kareem, ramadan mubarak, eid mubarak, eid al adha, eid al fitr, eid ul adha, eid ul fitr, hari raya, hari raya aidilfitri, selamat hari raya,
	raksha bandhan, karwa chauth, karva chauth, ganesh chaturthi, durga puja, kali puja, saraswati puja, lakshmi puja, chhath puja, guru nanak jayanti, guru purab,
	makar sankranti, maha shivaratri, ram navami, krishna janmashtami, gudi padwa, ugadi, bihu, onam sadya,
	dia de los muertos, dia de muertos, mawlid nabi, mawlid an nabi, milad un nabi, da lat, sa pa, ha long, nyege nyege, chale wote, detty december, pick n pay, semana santa, fiestas patrias, inti raymi, loy krathong, mardi gras, lunar new year, chinese new year,
	mid autumn, dragon boat, boxing day, heritage day, freedom day, youth day, women's day, workers day, labour day, labor day, mother's day, father's day,
	independence day, republic day, madaraka day, jamhuri day, mashujaa day, waitangi day, anzac day, bastille day, canada day, australia day,
	yom kippur, rosh hashanah, simchat torah, new year, new year's, good friday, ash wednesday, palm sunday, all saints,
	kia ora, pura vida, lala salama, hamba kahle, kain tayo, sabah el kheir, masa el kheir, ma3 salama, ma salama, afiyet olsun, kolay gelsin, gecmis olsun,
	bon appetit, feliz navidad, feliz ano, feliz cumple, feliz cumpleanos, buen provecho, que tal, que onda, nos vemos, theek hai, kya haal,
	santa claus, father christmas, black friday, cyber monday, super bowl, world cup, champions league, premier league, la liga, serie a
`);

/**
 * Everyday words and greetings of other languages, as chat writes them in Latin letters, that are
 * someone's name in some name list ("sana", "nada", "mira", "tamam"): Spanish, Portuguese, Swahili,
 * Hindi/Urdu, Arabic, Tagalog, Malay/Indonesian, Turkish, Yoruba, Igbo, Pidgin, Zulu, French.
 */
const FOREIGN = words(`
	por para con sin pero muy mas que porque cuando donde aqui alla hoy ayer semana noche dia algo mucho poco ya
	namaste namaskar hain hai milte karo kaha kahan chal raha rahe
	vale venga vamos claro listo oye mira esto esta este eso pues bueno buena tranquilo tranquila nada pasa bien gracias porfa porfavor manana ahorita
	ahora luego chevere bacan vida pura amigo amiga hermano hermana mija mijo cariño carino amor fiesta siesta casa comida cena playa vez todo
	beleza valeu bora amanha parabens saudade obrigado obrigada tudo bem legal otimo gente galera
	karibu sana pole hapana ndiyo ndio kesho chakula maji nyumbani rafiki safari harambee mzuri sawa salama tutaonana hodi haraka polepole
	mambo poa shwari freshi kabisa asante
	haan nahi kal aaj bas theek thik acha achha accha chalo khana chai paani pani ghar dost pyaar shaadi mela jugaad bindaas mast sahi bohot bahut kuch
	phir yaar arre bhaiya ji kya kaise
	khalas yalla habibi habibti akeed tayyib mabrook mabruk mabrouk hamdulillah alhamdulillah inshallah mashallah wallah yaani zein kheir sabah masa
	salamat ingat kayo sige opo talaga grabe kilig pasalubong merienda kain tayo naman lang po
	sudah belum nanti besok makan jalan ayo gimana kenapa mantap banget sedap gila lagi boleh tak
	tamam evet hayir cok guzel hadi insallah abi abla
	ehen abeg sha sef wetin dey oya jare
	yebo sharp eish hamba kahle lekker
	bisous bonne bon voila allez salut merci
`);

/** Foods and everyday things of many cuisines and countries, written in lower case in chat: words, not names. */
export const EVERYDAY_WORDS = words(`
	biryani laksa hotpot jollof braai pandal injera ugali chapati mandazi samosa pilau nyama choma sukuma suya puff chin chin garri eba fufu banku
	kenkey waakye kelewele shito egusi ogbono moimoi akara dodo boli pap vleis bunny chow boerewors biltong sadza nshima
	dosa idli vada paratha paneer chole bhature pav bhaji roti naan lassi chaat pakora jalebi ladoo halwa kheer
	nasi goreng rendang satay sate bakso soto mie ayam tempeh tempe sambal adobo sinigang lechon lumpia pancit halo
	pho banh mi bun bo hue com ramen udon soba sushi onigiri bento kimchi bibimbap bulgogi tteokbokki soju dimsum baozi jiaozi
	hummus falafel shawarma kebab kofta mansaf kabsa mandi baklava kunafa knafeh halloumi tagine couscous harira shakshuka
	arepa empanada tamales tamale pupusa ceviche churros pozole tacos taco burrito quesadilla feijoada acai brigadeiro coxinha pao
	app apps laptop internship layover heattech wifi selfie emoji emojis podcast podcasts smartphone playlist hashtag meme memes vlog vlogger
	ebook screenshot screenshots livestream startup fintech uber matatu boda tuktuk jeepney angkot keke danfo trotro
`);

/** Every single word of the lists above, for a quick look-up. */
export const KEPT_WORDS: readonly string[] = [...BRANDS, ...COMPANIES, ...PLACES, ...LANDMARKS, ...NEIGHBOURHOODS, ...HOLIDAYS, ...FOREIGN];
export const KEPT_PHRASES: readonly string[] = PHRASES;
/** The words of other languages alone: kept next to another such word or a greeting ("pole sana"), not everywhere. */
export const FOREIGN_WORDS: readonly string[] = FOREIGN;

/**
 * Words after a capitalised word that say it names a place or an organisation: "Victoria Falls",
 * "Kenya Airways", "Equity Bank", "Kruger park". Lower case "park" only: "Jiho Park" is someone.
 */
export const PLACE_HEADS = words(`
	falls airways airlines air bank motors mall mart markt supermarkt hypermarket centre center plaza festival market station airport terminal stadium arena hospital clinic university college
	academy school church cathedral mosque temple shrine pagoda beach island islands lake river mountain mountains hills valley bay coast
	gardens reserve sanctuary safari lodge resort hotel towers tower bridge square cafe restaurant bar pub club supermarket express
	ltd limited inc plc group holdings corp foods telecom mobile pay money
`);
export const LOWER_PLACE_HEADS = words('park forest road street avenue estate city town village district festival fest carnival parade');
