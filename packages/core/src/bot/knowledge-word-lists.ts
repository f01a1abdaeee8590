/**
 * The seed word lists of the knowledge base (issue #17) beside its synonym
 * groups (knowledge-lexicon-data.ts): what customers write around a question
 * and says nothing of which article is meant (filler, politeness, question
 * words), words too generic to be evidence alone, goods and aspects. Written
 * from common e-commerce and service FAQs in zh-TW, ja and en.
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
  ..."policy|policies|process|procedure|don't like|didn't like|do not like|not happy with|doesn't fit|didn't fit|does not fit|don't fit|box|do you take|do you accept|does your checkout take|does the checkout take|does your site take|does your website take|does your store take|do you guys take|accept|instead|invalid|says|tomorrow|choose|select|one of|one|two|three|four|five|six|seven|eight|nine|ten".split(
    '|',
  ),
  // en: what the stop-word list does not already drop, and words that name no
  // topic ("doesn't work", "the wrong", "still"), so they neither count against
  // an article nor count as a second word the article lacks.
  ..."yesterday|today|last week|last month|a week ago|days ago|ago|just now|recently|the other day|doesn't|does not|don't|didn't|isn't|won't|not working|work|works|working|wrong|entered|still|yet|already|again|something|anything|stuff|really|actually|ok|okay|sorry|how do i|how can i|how to|can i|could i|can you|could you|would like to|i would like|i want to|i need to|is it possible to|is there a way to|do you|are you|please|pls|plz|thanks|thank you|hey|hello|hi there|want|wanna|need|help me|tell me|let me know|know|whats|what is|what are|im|i'm|can't|cannot|can not|couldn't|haven't|hasn't|wasn't|weren't|aren't|wouldn't|i'd|i've|i'll|it's|that's|there's|they're|till|until|bought|i bought|when i opened|opened the box|opened it|already opened|opened|inside|go back|goes back|came with|but|usually|right now|now|by mistake|by accident|roughly|approximately|weeks ago|months ago|hours ago|an hour ago|a month ago|check out|checkout|usual|the usual|this morning|this afternoon|this evening|tonight|last night|in the morning|in the afternoon|in the evening|placed|an option|option|options|only|place an order|place my order|placing an order|placing my order|when i order|about my order|regarding my order|i live in|we live in|i'm based in|im based in".split(
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

/** The customer's own slip: typing, entering or giving something wrong (also lexicon change words). */
export const MISTAKES: readonly string[] = [
  'typed the wrong',
  'put the wrong',
  'entered the wrong',
  'gave the wrong',
  'wrote the wrong',
  'picked the wrong',
  'mistyped',
  'misspelled',
  'misspelt',
  'typo',
  'made a mistake',
];
