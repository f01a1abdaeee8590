/**
 * Nouns that name another kind of business or service than a shop's own
 * (issue #17, sixth round): a flight, a post office, a gym, a hospital, a
 * bank, a school, a cinema, an internet provider, a streaming service. A
 * customer who asks "how do I cancel my flight" or 郵局幾點開門 uses our words
 * (cancel, 幾點) about somebody else's business; the article holding those
 * words is not the answer. So a question naming one of these is answered
 * only by an article that names it too (docs/bot.md, "Other businesses").
 *
 * Written from general knowledge of what other businesses customers confuse
 * with a shop's help desk, not from the evaluation questions. Left out on
 * purpose: words that also name a shop's own topics or goods (bank transfer
 * and card brands such as Visa belong to payment, carrier to shipping,
 * insurance to shipping insurance, phone to goods and phone numbers,
 * reservation, delivery), and one-character CJK words (駅, 塾), which the
 * lexicon would match inside longer words. The seventh round's additions
 * (other shops and marketplaces, supermarkets, food delivery, games, driving
 * licences, salons, public ID and insurance cards) leave out homes and cars
 * (房子, apartment, car, 汽車): customers name them as the place a good did
 * not fit ("the sofa doesn't fit in my apartment"), and phones, as before. A workspace adds or removes
 * entries (bot settings `kbOtherBusinesses`).
 */

/**
 * #17's seventh round (dev8): other shops and marketplaces, supermarkets and
 * convenience stores, food delivery, games, driving licences, salons, telecom
 * numbers, public ID and insurance cards, in zh-TW, ja and en. A convenience
 * store stays answerable where an article names it (超商取貨付款, コンビニ払い).
 */
export const OTHER_SHOPS_AND_SERVICES: readonly string[] = [
  ...(
    '蝦皮 露天 淘寶 亞馬遜 博客來 超市 全聯 家樂福 好市多 便利商店 超商 外送平台 外送員 ' +
    '遊戲 手遊 電玩 駕照 保養廠 加油站 建商 瓦斯行 瓦斯 美容院 美髮 理髮 門號 電信 健保卡 健保 身分證'
  ).split(' '),
  ...(
    'アマゾン 楽天 メルカリ ヤフオク スーパー コンビニ ドラッグストア 出前 ウーバーイーツ 出前館 ' +
    'ゲーム 運転免許 免許証 免許 車検 不動産 賃貸 美容院 美容室 床屋 保険証 マイナンバー'
  ).split(' '),
  ...(
    'amazon|ebay|walmart|costco|etsy|aliexpress|shein|temu|supermarket|grocery store|groceries|convenience store|' +
    'uber eats|doordash|grubhub|deliveroo|food delivery|game|games|video game|xbox|playstation|' +
    "driver's license|drivers license|driving licence|driving license|license plate|car insurance|" +
    'salon|hair salon|barber|hairdresser|health insurance|id card'
  ).split('|'),
];

/**
 * A device's or another service's lock (#17, seventh round): "forgot my phone
 * passcode", 手機密碼, スマホのパスワード ask about the phone, not about the
 * shop's account. Only the pair is listed, so "my phone stopped working, is
 * it under warranty" (a shop selling electronics) is still answered.
 */
export const DEVICE_LOCKS: readonly string[] = [
  ...['手機', '電腦', '筆電', '平板', '信箱', 'iphone'].flatMap((device) => ['密碼', '解鎖', '鎖住', '螢幕鎖'].map((lock) => device + lock)),
  ...['スマホ', '携帯', 'パソコン', 'iphone', 'メール'].flatMap((device) =>
    ['のパスワード', 'のパスコード', 'のロック', 'のロック解除'].map((lock) => device + lock),
  ),
  ...['phone', 'iphone', 'android', 'laptop', 'computer', 'pc', 'mac', 'ipad', 'tablet', 'email', 'gmail'].flatMap((device) => [
    ...['password', 'passcode', 'pin', 'lock screen', 'screen lock'].map((lock) => `${device} ${lock}`),
    `unlock my ${device}`,
  ]),
];

/**
 * Accounts and other services of social networks, tax authorities and car
 * transport (#17's eighth round, dev9: "how do I create an Instagram account",
 * "what payment methods does the IRS accept", "ship a car overseas"). Social
 * networks only as an account, password or login: a shop answers "can I reach
 * you on Instagram" (Instagram, Messenger, LINE, WhatsApp and Telegram are
 * channels), so the network's name alone is no other business. Cars only as
 * the thing shipped: "the sofa doesn't fit in my car" is a return. Finding a
 * lost device (find my phone) and counting steps are the device's own
 * services. "where is my phone" is left out: an entry is matched inside a
 * longer phrase, and "where is my phone case order" is a tracking question.
 */
export const SOCIAL_ACCOUNTS_AND_AGENCIES: readonly string[] = [
  ...['instagram', 'facebook', 'tiktok', 'twitter', 'snapchat', 'pinterest', 'linkedin', 'discord', 'reddit'].flatMap((network) =>
    ['account', 'password', 'login', 'log in', 'profile', 'followers'].map((what) => `${network} ${what}`),
  ),
  ...['ig', '臉書', 'fb', '抖音', '推特'].flatMap((network) => ['帳號', '密碼', '粉絲'].map((what) => network + what)),
  ...['インスタ', 'インスタグラム', 'フェイスブック', 'ツイッター', 'ティックトック'].flatMap((network) =>
    ['のアカウント', 'のパスワード', 'のフォロワー'].map((what) => network + what),
  ),
  ...'irs|hmrc|ship a car|ship my car|shipping a car|car shipping|国税庁'.split('|'),
  // Finding a lost device or counting steps is the device's own service, not an order's tracking (dev3).
  ...['phone', 'iphone', 'android', 'laptop', 'ipad', 'tablet'].map((device) => `find my ${device}`),
  ...'track my steps|count my steps|step count'.split('|'),
];

/**
 * Carriers, transit cards, the invoice lottery, tax refunds and rent (#17's
 * ninth round, dev10: "how do I track a USPS package", 黑貓宅急便寄一箱要多少錢,
 * 悠遊卡餘額可以退嗎, 統一發票要怎麼對獎, 租屋押金多久會退). A carrier's own
 * name, not the word carrier: a shop whose articles name its carrier ("we ship
 * with UPS") still answers questions naming it, since an article holding the
 * name may answer. "tax" alone stays ours (a tax invoice, VAT), only the tax
 * refund is the agency's; rent only as a home's (押金 alone could be a
 * rental shop's deposit).
 */
export const CARRIERS_CARDS_AND_RENT: readonly string[] = [
  ...'黑貓 宅急便 新竹物流 嘉里大榮 順豐 中華郵政 悠遊卡 一卡通 對獎 兌獎 中獎 退稅 租屋 房租 租金 押金退'.split(' '),
  ...'ヤマト運輸 クロネコ 佐川急便 日本郵便 ゆうパック 西濃運輸 スイカ パスモ 還付金 家賃 敷金 礼金'.split(' '),
  ...(
    'fedex|ups|usps|dhl|royal mail|canada post|australia post|evri|hermes|dpd|purolator|' +
    'suica|pasmo|icoca|oyster card|metrocard|transit card|tax refund|tax refunds|rent deposit|security deposit|my rent'
  ).split('|'),
];

/**
 * A car's own services and mail accounts (#17's eleventh round, dev11: "is my
 * car still under manufacturer warranty", "how do I create an email
 * account"). Cars only with what a garage or a dealer does (warranty, repair,
 * service, a new or used car): "the sofa doesn't fit in my car" is a return
 * and "the car charger I ordered is broken" a shop's own item. Mail accounts
 * are the provider's (gmail, an email account), not the shop account a
 * customer makes with an email. Latin entries of two or more words are
 * compounds, held by an article only as written (scoring `otherCompounds`):
 * the register answer holds "email" and "account" but not "email account".
 */
export const CARS_AND_MAIL_ACCOUNTS: readonly string[] = [
  ...'汽車保固 車子保固 新車 二手車 中古車 修車 修車廠 車の保証 車の修理 修理工場 ディーラー メールアカウント 信箱帳號 郵件帳號'.split(' '),
  ...(
    "car warranty|car's warranty|car under warranty|car still under|car is still under|car is under|new car|used car|" +
    'car dealer|car dealership|dealership|mechanic|car repair|car service|car servicing|oil change|' +
    'email account|e-mail account|mail account|gmail|hotmail|outlook account|yahoo mail|email provider'
  ).split('|'),
];

/** Each entry is one word; Latin entries match whole words only. */
export const DEFAULT_OTHER_BUSINESSES: readonly string[] = [
  // zh-TW: travel, post and government, health, fitness, schools, banks,
  // leisure, restaurants, telecoms and utilities.
  ...(
    '航班 班機 機票 航空公司 機場 登機證 登機 高鐵 台鐵 火車票 捷運 公車 客運 計程車 飯店 旅館 民宿 訂房 租車 護照 ' +
    '郵局 戶政事務所 區公所 市政府 警察局 派出所 監理站 國稅局 報稅 ' +
    '醫院 診所 醫生 看診 牙醫 藥局 獸醫 ' +
    '健身房 健身中心 游泳池 瑜伽教室 ' +
    '學校 大學 補習班 幼兒園 圖書館 學費 ' +
    '銀行 提款機 貸款 房貸 股票 ' +
    '電影院 電影票 博物館 動物園 遊樂園 演唱會 ' +
    '餐廳 咖啡廳 ' +
    '路由器 數據機 電信公司 網路業者 電費 水費 瓦斯費 房東'
  ).split(' '),
  // ja
  ...(
    'フライト 航空券 航空会社 飛行機 空港 搭乗券 搭乗 新幹線 電車 タクシー ホテル 旅館 宿泊 レンタカー パスポート ' +
    '郵便局 市役所 区役所 役所 警察署 交番 税務署 確定申告 ' +
    '病院 クリニック 医者 歯医者 薬局 動物病院 ' +
    'ジム フィットネス スポーツクラブ プール ' +
    '学校 大学 幼稚園 図書館 学費 ' +
    '銀行 ローン 住宅ローン ' +
    '映画館 美術館 博物館 動物園 遊園地 コンサート ' +
    'レストラン 居酒屋 ' +
    'ルーター モデム 携帯会社 電気代 水道代 ガス代 電気料金 水道料金 ガス料金 公共料金 携帯料金 電話料金'
  ).split(' '),
  // en
  ...(
    'flight|flights|airline|airlines|airport|boarding pass|plane ticket|train|train ticket|taxi|uber|hotel|hostel|car rental|rental car|passport|' +
    'post office|city hall|police|police station|tax office|tax return|dmv|' +
    'hospital|clinic|doctor|dentist|pharmacy|vet|' +
    'gym|fitness club|swimming pool|yoga class|' +
    'school|university|college|library|tuition|kindergarten|daycare|' +
    'bank|atm|loan|mortgage|credit score|' +
    'cinema|movie theater|movie theatre|movie ticket|movie tickets|museum|zoo|theme park|concert|' +
    'restaurant|' +
    'wifi|wi-fi|router|modem|internet provider|broadband|phone bill|phone plan|mobile plan|electricity bill|water bill|gas bill|landlord|' +
    'netflix|spotify|youtube|disney+|hulu'
  ).split('|'),
  ...OTHER_SHOPS_AND_SERVICES,
  ...DEVICE_LOCKS,
  ...SOCIAL_ACCOUNTS_AND_AGENCIES,
  ...CARRIERS_CARDS_AND_RENT,
  ...CARS_AND_MAIL_ACCOUNTS,
];
