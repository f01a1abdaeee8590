/**
 * The seed lexicon of the knowledge base (issue #17): what customers write
 * around a question (filler, politeness, question words) and the words they
 * use for the same thing. Written from common e-commerce and service FAQs in
 * zh-TW, ja and en; a workspace adds its own synonym groups on top.
 *
 * Entries are matched on normalised text (NFKC, lower case), longest first;
 * Latin entries only at word boundaries. The first word of a synonym group is
 * what every member becomes, in articles and questions alike.
 */

/** Phrases that say nothing about which article is meant; they are removed (and split a CJK run). */
export const DEFAULT_FILLERS: readonly string[] = [
  // zh-TW: politeness, wanting, question words and particles.
  ...'請問 請教 麻煩 不好意思 您好 你好 哈囉 謝謝 感謝 我想要 我想 想要 我要 我需要 想問 想請問 想知道 一下 請 您 你們 妳們 我們 我 你 是否 有沒有 能不能 可不可以 可以 能夠 能 會不會 是不是 怎麼辦 該怎麼處理 要怎麼處理 怎麼處理 如何處理 怎麼做 要怎麼做 該怎麼做 如何做 怎麼樣 要怎麼 該怎麼 怎麼 怎樣 如何 為什麼 什麼 甚麼 哪些 哪裡 哪邊 多少錢 多少 還是 但是 可是 大概 現在 已經 還沒 呢 嗎 吗 啊 吧 喔 哦 嘛 呀 囉 的 了 是 有 在 要 就 都 也 又 把 被 給 讓 和 跟 與 或 及'.split(
    ' ',
  ),
  // ja: politeness, wanting, can-I, how, particles written in kanji.
  ...'すみません お願いします お願い ください 下さい 教えて 知りたい したいのですが したいです したい たいです のですが ですか ますか でしょうか できますか できません できる 出来ますか 可能ですか どうすれば どうしたら どうやって どのように どこで どこに どこから どこ なんですか 何ですか 方法 やり方 仕方 場合 について 私 わたし 僕 御社 貴社'.split(
    ' ',
  ),
  // zh-TW, ja: words around a question that name no topic (自己付, 見られますか),
  // and when the customer did something (昨天買的, 先週注文した): context, not topic.
  ...'不小心 買了 一開箱就 一開箱 開箱 打開箱子 打開 發現 沒人接 打不通 換了手機 換手機 半年前 買った 開けたら 開けると 自己 一直 見られ 見れる 見る 昨天 今天 前天 上週 上禮拜 上星期 上個月 剛剛 剛才 之前 前幾天 昨日 今日 先日 先週 先月 さっき'.split(
    ' ',
  ),
  // zh-TW, ja, en (#17's fourth round, dev5): words for the procedure or the
  // rule (流程, 規定, 手続き, policy), reasons that name no topic (不喜歡,
  // 気に入らない, don't like), "where is it now" (今どこ), and the box a thing came in.
  ...'流程 步驟 手續 規定 政策 不喜歡 不太喜歡 不滿意 不舒服 穿起來 穿了 用起來 之後 以後 今どこ いまどこ 手元に 手元 急ぎです 急ぎ 気に入らない イメージと違 箱を開け 箱 另外 怎麼選 如何選 明天 明日 一件 兩件 一個 兩個 一份 兩份'.split(
    ' ',
  ),
  ..."policy|policies|process|procedure|don't like|didn't like|do not like|not happy with|doesn't fit|didn't fit|does not fit|don't fit|box|do you take|do you accept|accept|instead|invalid|says|tomorrow|choose|select|one of|one|two|three|four|five|six|seven|eight|nine|ten".split(
    '|',
  ),
  // en: what the stop-word list does not already drop, and words that name no
  // topic ("doesn't work", "the wrong", "still"), so they neither count against
  // an article nor count as a second word the article lacks.
  ..."yesterday|today|last week|last month|a week ago|days ago|ago|just now|recently|the other day|doesn't|does not|don't|didn't|isn't|won't|not working|work|works|working|wrong|entered|still|yet|already|again|something|anything|stuff|really|actually|ok|okay|sorry|how do i|how can i|how to|can i|could i|can you|could you|would like to|i would like|i want to|i need to|is it possible to|is there a way to|do you|are you|please|pls|plz|thanks|thank you|hey|hello|hi there|want|wanna|need|help me|tell me|let me know|know|whats|what is|what are|im|i'm|can't|cannot|can not|couldn't|haven't|hasn't|wasn't|weren't|aren't|wouldn't|i'd|i've|i'll|it's|that's|there's|they're|till|until|bought|i bought|when i opened|opened the box|opened it|already opened|opened|inside|go back|goes back|came with|but|usually|right now|now|by mistake|by accident".split(
    '|',
  ),
];

/**
 * Generic service words (#17's seventh round): nouns every shop topic uses
 * (order, item, store). An article that holds only one of a question's words,
 * and that word is one of these, is weak evidence: 近くのおいしいお店 (a nice
 * restaurant nearby) shares only お店 with the store-hours article. Written as
 * canonical forms (each synonym group's first member).
 */
export const DEFAULT_GENERIC_WORDS: readonly string[] = ['order', 'item', 'store', 'shop', '訂單', '商品', '門市', '注文', '店舗'];

/**
 * One-character Chinese words that name no topic when the segmenter cuts them
 * alone (#17's seventh round): verbs of going, buying, wanting and wearing,
 * degree and time adverbs (去, 來, 買, 想, 穿, 太, 還, 再, 先). Like English stop
 * words (want, too, again), they are dropped from a question after
 * segmentation, so they neither split a longer word (購買, 未來 keep their
 * bigrams: the lexicon pass does not see them) nor count as a word the
 * article lacks ("褲子買太長了"); articles keep theirs, so their phrasing is
 * unchanged. Chinese text only: in Japanese a lone kanji is often the word (届, 返).
 */
export const CHINESE_LIGHT_WORDS: readonly string[] = '去 來 買 想 還 再 才 先 很 太 更 最 拿 穿 弄 做 看 問 找 過 著 得 這 那 個 些'.split(' ');

/**
 * What customers bought, named the way they name it (耳機, お皿, the boots):
 * common e-commerce goods in the three languages, each one word. In a question,
 * a good that no article of the index names is context, not a word the article
 * lacks, so it is dropped ("the mug was smashed" → damaged; as a word no
 * article held it made the question one domain word of two, refused by the
 * lone-word rule). A good some article names (a shop's own 保溫瓶 article)
 * stays a word like any other (#17's fourth round).
 */
export const DEFAULT_GOODS: readonly string[] = [
  ...'衣服 上衣 襯衫 T恤 外套 夾克 毛衣 褲子 牛仔褲 裙子 洋裝 鞋子 靴子 球鞋 運動鞋 涼鞋 拖鞋 襪子 帽子 包包 背包 皮夾 錢包 手錶 項鍊 耳環 眼鏡 杯子 馬克杯 盤子 碗 花瓶 檯燈 燈具 椅子 桌子 沙發 枕頭 棉被 毛巾 耳機 喇叭 音響 充電器 充電線 筆電 平板 鍵盤 滑鼠 相機 螢幕 吹風機 玩具 香水 口紅 乳液 洗髮精 保溫瓶'.split(
    ' ',
  ),
  ...'洋服 シャツ Tシャツ ワンピース ジャケット コート セーター ズボン パンツ スカート スニーカー ブーツ サンダル 靴下 バッグ かばん 鞄 財布 腕時計 ネックレス ピアス メガネ マグカップ カップ コップ お皿 茶碗 花瓶 ランプ 照明 テーブル ソファ 毛布 タオル イヤホン ヘッドホン スピーカー 充電器 ケーブル ノートパソコン パソコン タブレット キーボード カメラ ドライヤー おもちゃ 化粧品 シャンプー'.split(
    ' ',
  ),
  ...'clothes clothing shirt shirts t-shirt tshirt dress dresses jacket jackets coat sweater jumper hoodie jeans trousers pants skirt shoes shoe boots sneakers trainers sandals socks hat bag bags handbag backpack wallet jewelry jewellery necklace earrings glasses sunglasses mug mugs cup cups plate plates bowl vase lamp chair sofa pillow blanket towel headphones earphones earbuds speaker charger cable laptop tablet keyboard camera screen hairdryer toy toys perfume lipstick shampoo'.split(
    ' ',
  ),
];

/**
 * Canonical forms that ask about an aspect of a topic rather than name one
 * (how long, 多久 / いつ): "how long is the warranty" is about the warranty, not
 * about delivery ("How long does delivery take?"). Their terms weigh
 * ASPECT_WEIGHT; a question of aspects alone (カメラの使い方 once the goods are
 * fillers: 使い方) names no topic and answers nothing (#17's fourth round).
 */
export const DEFAULT_ASPECTS: readonly string[] = ['how long', '多久', 'use', '利用'];

/** Synonym groups; the first member is the canonical form. */
export const DEFAULT_SYNONYMS: readonly (readonly string[])[] = [
  // zh-TW
  ['運費', '寄送費用', '寄送費', '運送費用', '運送費', '配送費用', '配送費', '物流費', '郵資', '免運費', '免運', '送料', '配送料金', '配送料', '送料無料'],
  ['信用卡', '刷信用卡', '刷卡', '信用卡付款', '卡片'],
  ['取消', '撤銷', '撤回', '不想買了', '不想要了', '不想要', '不要了', '不買了', '訂錯', 'キャンセル', '取り消し', '取消し', '取り消す', '取り消'],
  ['退款', '退費', '退錢', '退給我', '錢退', '退還金額', '錢還沒回來', '錢回來'],
  ['退貨', '退回去', '寄回去', '退掉', '退換貨', '退'],
  ['換貨', '換成別的', '換別的', '換其他', '更換', '換尺寸', '換顏色', '換大', '換小', '換一個', '換'],
  [
    '尺寸',
    '太小',
    '太大',
    '大一號',
    '小一號',
    '不合身',
    '尺碼',
    '太長',
    '太短',
    '太緊',
    '太鬆',
    '太寬',
    '太窄',
    '長一點',
    '短一點',
    '大一點',
    '小一點',
    '不合穿',
  ],
  ['商品', '東西', '產品', '貨品'],
  ['到貨', '送達', '送到', '收到貨', '寄到', '會到', '到府', '拿到'],
  ['出貨', '寄出', '發貨'],
  ['訂單', '下訂', '訂購', '訂的東西', '買的東西', '下單'],
  [
    '查詢',
    '追蹤',
    '查一下',
    '查',
    '寄到哪',
    '到哪裡',
    '到哪了',
    '到哪',
    '出貨了沒',
    '出貨了嗎',
    '出貨沒',
    '寄出了沒',
    '寄出了嗎',
    '寄了沒',
    '發貨了沒',
    '出貨進度',
    '在哪裡',
  ],
  ['包裹', '貨物', '物流單號', '物流'],
  ['地址', '改寄', '改送', '收件地址', '寄送地址', '送貨地址', '收貨地址'],
  ['修改', '更改', '變更', '換掉', '換成', '改成', '打錯', '寫錯', '填錯', '改'],
  ['收件人', '收貨人'],
  ['密碼', '密碼忘了', '忘記密碼', '忘了密碼', '不記得密碼', '密碼不記得'],
  ['重設', '重置', '重新設定'],
  ['註冊', '加入會員', '成為會員', '申請帳號', '創帳號', '開帳號', '建立帳號', '辦會員'],
  ['保固', '保修', '保固期', '保修期'],
  ['維修', '修理', '修', '直して', 'なおして'],
  [
    '損壞',
    '壞掉',
    '壞了',
    '壞的',
    '破損',
    '刮傷',
    '瑕疵',
    '故障',
    '摔壞',
    '裂開',
    '裂痕',
    '破掉',
    '破了',
    '碎了',
    '碎掉',
    '破碎',
    '壞',
    '壊れ',
    '割れ',
    '傷',
    '不良品',
    '破損品',
  ],
  ['營業時間', '營業', '有開', '有營業', '開門', '關門', '幾點開', '幾點關', '開店', '営業時間', '営業', '何時まで', '何時から', '開いて', '閉店'],
  ['門市', '店面', '實體店', '店家', '分店'],
  ['發票', '收據', '三聯式', '二聯式'],
  ['統一編號', '統編'],
  // 卷 for 券 is the common slip (優惠卷, 折價卷).
  ['優惠券', '優惠碼', '優惠代碼', '折扣碼', '折價券', '折價碼', '折扣券', '序號', '優惠卷', '折價卷', '折扣卷'],
  [
    '海外',
    '國外',
    '國際',
    '出國',
    '境外',
    '国外',
    '外国',
    '美國',
    '加拿大',
    '英國',
    '韓國',
    '香港',
    '澳門',
    '新加坡',
    '馬來西亞',
    '澳洲',
    '中國',
    '大陸',
    'アメリカ',
    '台湾',
    '韓国',
    '中国',
    'イギリス',
    'カナダ',
  ],
  ['客服', '真人客服', '客服人員', '客服專線', '客服電話', '專線', '聯絡你們', '聯繫你們'],
  ['聯絡', '聯繫', '找人', '打電話', '打給你們', '致電'],
  ['付款', '付錢', '支付', '結帳', '付費', '怎麼付', '貨到付款', '取貨付款', '街口', '轉帳'],
  [
    '假日',
    '國定假日',
    '例假日',
    '過年',
    '春節',
    '週末',
    '禮拜六',
    '禮拜天',
    '禮拜日',
    '星期六',
    '星期日',
    '週六',
    '週日',
    '土日',
    '土曜日',
    '日曜日',
    '祝日',
    '年末年始',
  ],
  ['分期', '分期付款'],
  // 営業日 (business day) is not 営業 (store hours): 1〜2営業日以内に発送 named the store-hours topic.
  ['営業日', '營業日'],
  ['配送', '運送', '寄送', '宅配', '寄過來', '寄過去', '送過來', '送過去'],
  ['多久', '幾天', '幾年', '多長時間', '要等多久', '什麼時候', '何時', 'いつ頃', 'いつ', '何日', 'どのくらい', 'どれくらい', '日数'],
  // ja
  ['返金', 'お金が戻', 'お金は戻', '払い戻し', '払戻し', '代金が戻', '代金は戻', '代金はいつ戻'],
  ['返品', '返したい', '返送', '返却'],
  ['交換', '取り替え', '取替え', '替え', '替えて', '交換したい'],
  ['届', '到着', '着く', '届く', '配達'],
  ['住所', 'お届け先', '届け先', '配送先', '送り先'],
  ['変更', '変え', '変える', '直したい', '間違え', '間違って', '間違い'],
  ['注文', 'ご注文', 'オーダー', '購入'],
  ['追跡', '追跡番号', '伝票番号', '配送状況', '荷物', '発送されましたか', '発送済み', 'もう発送', 'まだ届きません', 'まだ届かない', 'まだ届いていません', 'まだ届いていない', '届いていません'],
  ['パスワード', 'パスワード忘れ', 'ログインできません'],
  ['再設定', 'リセット', '再発行'],
  ['会員登録', '会員になる', '新規登録', 'アカウントを作', 'アカウント作成', '登録'],
  ['保証', '保障', '補償', '保証期間'],
  ['店舗', 'お店', '店頭', '実店舗'],
  ['領収書', '領収証', 'レシート', '請求書'],
  ['クーポン', 'クーポンコード', '割引コード', 'プロモーションコード', '割引券'],
  ['問い合わせ', 'お問い合わせ', '問い合せ', '連絡', 'サポート', 'カスタマーセンター', 'カスタマーサポート', '電話番号', '窓口'],
  ['支払い', 'お支払い', '支払', '払え', '払い', '決済'],
  ['利用', 'ご利用', '使え', '使用', '使う', '使い方', '怎麼用', '用法'],
  ['代金引換', '代引き', '代引'],
  ['クレジットカード', 'クレカ', 'カード払い'],
  ['カラー', '色違い', '別の色'],
  // en
  ['cost', 'how much', 'price', 'fee', 'fees', 'charge', 'costs', 'pay for'],
  ['ship', 'shipping', 'shipped', 'ships', 'delivery', 'deliver', 'delivered', 'postage', 'dispatch'],
  [
    'track',
    'tracking',
    'shipped yet',
    'has it shipped',
    'has my order shipped',
    'been shipped',
    'sent out yet',
    'where is my',
    "where's my",
    'wheres my',
    'trace',
    'status',
    'where they are',
    'where it is',
    "hasn't updated",
    'not updated',
    "hasn't moved",
    "hasn't come",
    "hasn't arrived",
    "still hasn't come",
    "still hasn't arrived",
    'never arrived',
    'never came',
    'not arrived',
  ],
  [
    'how long',
    'how many days',
    'how soon',
    'how fast',
    'how quickly',
    'how long till',
    'how long until',
    'when will it',
    'when will they',
    'when will my order',
    'when will my package',
    'when does it',
    'when would it',
    'when can i expect',
    'how quick',
  ],
  ['arrive', 'arrived', 'arrives', 'received', 'receive', 'get it', 'get here', 'gets here', 'get to me', 'came', 'showed up'],
  ['item', 'items', 'product', 'products'],
  ['order', 'parcel', 'package', 'shipment', 'purchase', 'orders', 'parcels', 'packages'],
  [
    'refund',
    'money back',
    "where's my money",
    'where is my money',
    "where's my refund",
    'where is my refund',
    'no money',
    'my money',
    'the money',
    'money shows up',
    'money to show up',
    'money go back',
    'money goes back',
    'reimburse',
    'refunds',
    'refunded',
  ],
  ['return', 'send it back', 'send back', 'send something back', 'send this back', 'returns', 'returning'],
  ['cancel', 'cancellation', 'changed my mind', 'call off', 'cancelled', 'canceled', 'stop my order', 'stop the order', 'stop it before'],
  ['card', 'credit card', 'debit card', 'cards', 'visa', 'mastercard'],
  ['register', 'sign up', 'signup', 'registration', 'create an account', 'make an account', 'new account', 'create account'],
  ['password', 'passcode', 'log in', 'login', 'sign in', 'get into my account', 'get in to my account', 'access my account', 'locked out'],
  ['reset', 'recover', 'lost', 'forgot', 'forgotten', "can't remember", 'cannot remember', "don't remember", 'do not remember'],
  ['warranty', 'guarantee', 'warranties', 'covered'],
  ['repair', 'fix', 'repairs'],
  [
    'damaged',
    'broken',
    'cracked',
    'crack',
    'cracks',
    'damage',
    'defective',
    'faulty',
    'came broken',
    'stopped working',
    'smashed',
    'shattered',
    'crushed',
    'dented',
    'squashed',
    'torn',
    'ripped',
    'scratched',
    'chipped',
    'bent',
    'leaking',
    'leaked',
  ],
  ['hours', 'opening hours', 'opening times', 'open', 'close', 'closing', 'what time'],
  // A bank holiday is a public holiday (British English), not a bank's (#17's sixth round).
  ['holiday', 'holidays', 'bank holiday', 'bank holidays', 'public holiday', 'public holidays'],
  ['invoice', 'receipt', 'bill', 'vat'],
  ['colour', 'color', 'colours', 'colors'],
  [
    'exchange',
    'different colour',
    'different color',
    'another colour',
    'another color',
    'swap',
    'exchanges',
    'different size',
    'bigger size',
    'smaller size',
    'too small',
    'too big',
    'larger size',
    'too tight',
    'too loose',
  ],
  ['coupon', 'promo code', 'discount code', 'coupon code', 'voucher', 'promo', 'discount'],
  [
    'international',
    'internationally',
    'overseas',
    'abroad',
    'other countries',
    'another country',
    'outside the us',
    'outside the country',
    'foreign',
    'canada',
    'uk',
    'united kingdom',
    'usa',
    'america',
    'japan',
    'australia',
    'eu',
    'europe',
    'china',
    'mexico',
  ],
  [
    'contact',
    'customer service',
    'customer support',
    'support',
    'talk to someone',
    'speak to someone',
    'reach',
    'phone number',
    'call you',
    'call',
    'hotline',
    'live chat',
  ],
  [
    'address',
    'delivery address',
    'shipping address',
    'postcode',
    'post code',
    'zip code',
    'zipcode',
    'postal code',
    'new address',
    'new place',
    'i moved',
    "i'm moving",
  ],
  ['change', 'update', 'edit', 'modify'],
  ['use', 'using', 'how to use'],
  [
    'payment',
    'pay',
    'paying',
    'payments',
    'pay with',
    'pay by',
    'pay for my order',
    'pay for the order',
    'ways to pay',
    'ways can i pay',
    'way to pay',
    'pay using',
    'pay via',
    'paypal',
    'apple pay',
    'google pay',
    'line pay',
    'amex',
    'american express',
    'cash on delivery',
  ],
];
