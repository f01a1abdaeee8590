import { feature } from '../feature.ts';

/** Words for the console's attachments: files in the timeline and the reply box's attach control. */
export const attachmentsWords = feature({
  en: {
    attachFile: 'Attach file',
    attachedFiles: 'Attached files',
    attachUploading: 'uploading…',
    attachRemove: 'Remove {name}',
    attachRefused: '{name} was not attached: {why}',
    attachmentOpenImage: 'Open image {name}',
    attachmentUnnamed: 'file',
    attachmentNotKept: '{name} was attached but not kept: {why}',
    ev_in_line_now: '({n} in line, now {now})',
    webVisitor: 'web-chat visitor (no account)',
  },
  'zh-TW': {
    attachFile: '附加檔案',
    attachedFiles: '已附加的檔案',
    attachUploading: '上傳中…',
    attachRemove: '移除 {name}',
    attachRefused: '{name} 未能附加：{why}',
    attachmentOpenImage: '開啟圖片 {name}',
    attachmentUnnamed: '檔案',
    attachmentNotKept: '{name} 有附加，但未保存：{why}',
    ev_in_line_now: '（排第 {n} 位，現在第 {now} 位）',
    webVisitor: '網頁聊天訪客（無帳號）',
  },
  ja: {
    attachFile: 'ファイルを添付',
    attachedFiles: '添付したファイル',
    attachUploading: 'アップロード中…',
    attachRemove: '{name} を削除',
    attachRefused: '{name} を添付できませんでした：{why}',
    attachmentOpenImage: '画像 {name} を開く',
    attachmentUnnamed: 'ファイル',
    attachmentNotKept: '{name} は添付されましたが保存されていません：{why}',
    ev_in_line_now: '（{n} 番目、現在 {now} 番目）',
    webVisitor: 'Webチャットの訪問者（アカウントなし）',
  },
});
