/** Limits both the server and the web app enforce, stated once. */

/** The largest ledger file an import accepts (a county's member ledger with 1M rows is about 20 MB as .xlsx). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export const MAX_UPLOAD_MESSAGE = `文件太大，单个文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024}MB，请拆分后分批导入`;
