// Stands in for pdf.js in the Worker bundle (wrangler.toml [alias]): pdf.js is several MB and needs a canvas
// and workers of its own. On Workers, PDF reports are read locally by `npm run cf:push`, which uploads the text.
import { AppError } from '../errors.ts';

export function getDocument(): never {
  throw new AppError(
    'unsupported_type',
    'Cloudflare Workers 部署不在线解析 PDF：请在本机用 npm run cf:push -- <目录> 导入 PDF 报告（txt、md、docx 可直接上传）',
  );
}
