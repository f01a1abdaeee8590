import { feature } from '../feature.ts';

/** Words for the console's attachments: files in the timeline and the reply box's attach control. */
export const attachmentsWords = feature({
  en: {
    attachFile: 'Attach file',
    attachedFiles: 'Files for this reply',
    attachUploading: 'uploading…',
    attachRemove: 'Remove {name}',
    attachRefused: '{name} was not attached: {why}',
    attachmentOpenImage: 'Open image {name}',
    attachmentUnnamed: 'file',
    attachmentNotKept: '{name} was attached but not kept: {why}',
  },
  'zh-TW': {
    attachFile: '附加檔案',
    attachedFiles: '這則回覆的檔案',
    attachUploading: '上傳中…',
    attachRemove: '移除 {name}',
    attachRefused: '{name} 未能附加：{why}',
    attachmentOpenImage: '開啟圖片 {name}',
    attachmentUnnamed: '檔案',
    attachmentNotKept: '{name} 有附加，但未保存：{why}',
  },
  ja: {
    attachFile: 'ファイルを添付',
    attachedFiles: 'この返信のファイル',
    attachUploading: 'アップロード中…',
    attachRemove: '{name} を削除',
    attachRefused: '{name} を添付できませんでした：{why}',
    attachmentOpenImage: '画像 {name} を開く',
    attachmentUnnamed: 'ファイル',
    attachmentNotKept: '{name} は添付されましたが保存されていません：{why}',
  },
});
