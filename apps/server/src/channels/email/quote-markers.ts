/**
 * The lines mail clients write around quoted history and signatures, in the
 * languages our customers write in. Each list is tested against one line
 * (attributions: after joining a wrap of up to three lines).
 */

/** "On … wrote:" and its translations, Gmail's Japanese/Chinese forms, Apple Mail's Japanese one. */
export const ATTRIBUTIONS: RegExp[] = [
  /^On\b.{1,250}\bwrote:\s*$/i,
  /^Le\b.{1,250}\ba écrit\s?:\s*$/i,
  /^Am\b.{1,250}\bschrieb\b.{0,250}:\s*$/i,
  /^El\b.{1,250}\bescribió:\s*$/i,
  /^Il giorno\b.{1,250}\bha scritto:\s*$/i,
  /^Em\b.{1,250}\bescreveu:\s*$/i,
  /^Op\b.{1,250}\bschreef\b.{0,250}:\s*$/i,
  /^(?:Den|På)\b.{1,250}\bskrev\b.{0,250}:\s*$/i,
  // Gmail (ja): "2024年3月1日(金) 10:12 山田太郎 <taro@example.com>:" — the address tells it from a sentence ending in a colon.
  /^\d{4}年\d{1,2}月\d{1,2}日.{0,250}@.{0,250}[:：]\s*$/,
  // Gmail (zh): "在 2024年3月1日 週五 上午10:12，陳小明 <ming@example.com> 寫道：", and any "… 寫道/写道:" line.
  /^.{0,250}(?:寫道|写道)\s*[:：]\s*$/,
  // Apple Mail (ja): "2024/03/01 10:12、山田太郎 <taro@example.com>のメール:"
  /^.{0,250}(?:のメール|のメッセージ)\s*[:：]\s*$/,
];

/** Where a wrapped attribution can begin: it is only joined with the next lines when its first line starts like one. */
export const ATTRIBUTION_START = /^(?:On|Le|Am|El|Il giorno|Em|Op|Den|På)\b|^在|^\d{4}[年/]/i;

/** Outlook and most webmail: a header block of the quoted mail with no ">" marks, then the whole history. */
const FROM_LABEL = String.raw`From|寄件者|发件人|發件人|差出人|Von|De|Da|Van`;
const OTHER_LABELS = String.raw`Sent|Date|To|Cc|Subject|Reply-To|寄件日期|收件者|副本|主旨|发送时间|發送時間|日期|收件人|抄送|主题|送信日時|日付|宛先|件名|Gesendet|Datum|An|Betreff|Envoyé|Objet|À|Enviado|Fecha|Para|Asunto|Inviato|Oggetto|A`;
const label = (names: string) => new RegExp(String.raw`^\s*\*?(?:${names})\*?\s*[:：]`, 'i');
export const FROM_HEADER = label(FROM_LABEL);
export const HEADER_LINE = label(`${FROM_LABEL}|${OTHER_LABELS}`);

/** "-----Original Message-----" and its translations: everything below is history. */
export const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|原始邮件|原始郵件|元のメッセージ)\s*-{2,}/i;

/** A line of underscores or dashes that Outlook draws above the header block. */
export const SEPARATOR = /^\s*(?:_{5,}|-{5,})\s*$/;

/** Inline forwards are what the customer wants us to read: kept whole, never cut as history. */
export const FORWARD_MARKER = /^\s*(?:-{3,}\s*(?:Forwarded message|Forwarded Message|転送メッセージ|轉寄的郵件|转发的邮件|Message transféré|Weitergeleitete Nachricht)\s*-{3,}|Begin forwarded message:)/i;

/** Where a signature starts: it runs to the next quote (bottom-posting) or to the end. */
export const SIGNATURE_STARTS: RegExp[] = [
  /^--\s*$/,
  /^__+\s*$/,
  /^Sent from my [\w-]+(?: [\w-]+){0,3}\s*$/i,
  /^Sent from (?:Mail|Outlook|Yahoo Mail|Samsung Mail) for \w+\s*$/i,
  /^Get Outlook for (?:iOS|Android)\s*$/i,
  /^從我的\s*\S+(?:\s\S+)?\s*傳送\s*$/,
  /^从我的\s*\S+(?:\s\S+)?\s*发送\s*$/,
  /^\S+(?: \S+)?から送信\s*$/,
  /^Envoyé de mon \S+(?: \S+)?\s*$/i,
  /^Von meinem \S+(?: \S+)? gesendet\s*$/i,
  /^Enviado desde mi \S+(?: \S+)?\s*$/i,
];

/**
 * "-Abhishek Kona": a dash glued to a capitalised name, as in email_reply_parser's
 * fixtures. Only a signature when it opens a paragraph: "-red" in a list is not.
 */
export const DASH_NAME = /^-[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}\s*$/;

/** Subjects that say the mail is a forward: its Outlook-style header block is the content, not history. */
export const FORWARD_SUBJECT = /^\s*(?:fwd?|fw|tr|wg|rv|i|転送|轉寄|转发)\s*[:：]/i;
