// The widget's own styles, applied inside its shadow root only.
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.fab { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: #a4262c; color: #fff; font: 600 20px/1 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif; cursor: pointer;
  box-shadow: 0 6px 18px rgba(0,0,0,.25); }
:focus-visible { outline: 3px solid #f2c14e; outline-offset: 1px; }
.panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483000; width: min(400px, calc(100vw - 24px)); height: min(600px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #fff; color: #1f2329; border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.28);
  font: 14px/1.7 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif; overflow: hidden; }
.panel[hidden], [hidden] { display: none !important; }
header { display: flex; align-items: center; gap: 8px; padding: 10px 14px; background: #a4262c; color: #fff; }
.spacer { flex: 1; }
button { font: inherit; cursor: pointer; }
button.link { background: none; border: 0; color: inherit; padding: 2px 6px; min-height: 28px; }
.messages { list-style: none; margin: 0; padding: 12px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 10px; position: relative; }
.hint { color: #5f6570; font-size: 13px; }
.msg { max-width: 92%; padding: 8px 12px; border-radius: 10px; word-break: break-word; }
.msg.user { align-self: flex-end; background: #e8f0fe; }
.msg.assistant { align-self: flex-start; background: #f5f6f7; border: 1px solid #e4e6e9; }
.msg.refused { background: #fff8e6; border-color: #f0d9a0; }
.msg.error { background: #fdecea; border-color: #f2b8b5; }
.msg p { margin: 0; }
.msg .answer-block { margin: 0 0 6px; }
.msg .answer-block:last-child { margin-bottom: 0; }
.answer.streaming { white-space: pre-wrap; }
.lead { font-weight: 600; }
.points { margin: 2px 0 0; padding-left: 1.2em; }
ul.points { list-style: none; padding-left: .4em; }
.answer-raw p { white-space: pre-wrap; }
.tag { display: inline-block; font-size: 12px; color: #7a4f00; background: #ffe8b3; border-radius: 4px; padding: 0 6px; margin-bottom: 4px; }
.note { color: #5f6570; font-size: 12px; }
.msg-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 6px; }
button.action { background: #fff; color: #1f2329; border: 1px solid #cfd3d8; border-radius: 6px; padding: 0 10px; font-size: 12px; min-height: 26px; }
.msg-status { font-size: 12px; color: #1a7f37; }
sup { line-height: 0; }
.cite-glue { white-space: nowrap; }
button.cite { display: inline-flex; align-items: center; justify-content: center; min-width: 24px; min-height: 24px; margin: -8px 0; padding: 0;
  font: 600 11px/1 sans-serif; color: #a4262c; background: none; border: 0; vertical-align: 3px; cursor: pointer; }
button.cite > span { background: #fbeaea; border-radius: 3px; padding: 2px 4px; }
button.cite[aria-expanded=true] > span { background: #a4262c; color: #fff; }
svg.icon { width: 14px; height: 14px; vertical-align: -2px; fill: currentColor; }
svg.icon.down { transform: rotate(180deg); }
.cite-card { position: absolute; z-index: 2147483001; display: flex; flex-direction: column; background: #fff; border: 1px solid #d0d3d6; border-radius: 8px;
  box-shadow: 0 8px 24px rgba(0,0,0,.18); font-size: 13px; max-height: 260px; }
.cite-card.sheet { left: 8px; right: 8px; bottom: 8px; width: auto; max-height: 70%; }
.cite-head { display: flex; align-items: flex-start; gap: 6px; padding: 8px 6px 0 12px; }
.cite-source { flex: 1; margin: 0 0 6px; color: #5f6570; }
button.cite-close { background: none; border: 0; color: #5f6570; width: 28px; height: 28px; font-size: 18px; line-height: 1; padding: 0; }
.cite-body { overflow-y: auto; padding: 0 12px; min-height: 0; }
.cited-text { margin: 0 0 6px; }
.cite-actions { padding: 6px 12px 8px; border-top: 1px solid #e4e6e9; }
button.cite-open { background: none; border: 0; color: #a4262c; padding: 2px 0; min-height: 26px; text-decoration: underline; }
mark { background: #fff1a8; }
.reader { position: absolute; inset: 48px 0 0 0; background: #fff; padding: 12px 16px; overflow-y: auto; z-index: 2147483002; }
.reader-head { margin-bottom: 8px; }
button.back { background: #fff; color: #1f2329; border: 1px solid #cfd3d8; border-radius: 6px; padding: 2px 10px; min-height: 28px; }
.reader-title { font-weight: 600; margin: 0 0 4px; }
.reader .cite-source { margin: 0 0 8px; font-size: 13px; }
.reader .cited-text { text-indent: 2em; line-height: 1.8; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e4e6e9; }
.composer textarea { flex: 1; resize: none; font: inherit; color: inherit; border: 1px solid #d0d3d6; border-radius: 8px; padding: 6px 8px; }
.composer button { background: #a4262c; color: #fff; border: 0; border-radius: 8px; padding: 0 14px; }
.composer button.stop { background: #fff; color: #c62828; border: 1px solid #c62828; }
`;
