// The widget's own styles, applied inside its shadow root only.
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.fab { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: #a4262c; color: #fff; font: 600 20px/1 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif; cursor: pointer;
  box-shadow: 0 6px 18px rgba(0,0,0,.25); }
.fab:focus-visible { outline: 3px solid #f2c14e; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483000; width: min(400px, calc(100vw - 24px)); height: min(600px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #fff; color: #1f2329; border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.28);
  font: 14px/1.7 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif; overflow: hidden; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 10px 14px; background: #a4262c; color: #fff; }
.spacer { flex: 1; }
button.link { background: none; border: 0; color: inherit; font: inherit; cursor: pointer; padding: 2px 6px; }
.messages { list-style: none; margin: 0; padding: 12px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 10px; position: relative; }
.hint { color: #646a73; font-size: 13px; }
.msg { max-width: 92%; padding: 8px 12px; border-radius: 10px; word-break: break-word; }
.msg.user { align-self: flex-end; background: #e8f0fe; }
.msg.assistant { align-self: flex-start; background: #f5f6f7; border: 1px solid #e4e6e9; }
.msg.refused { background: #fff8e6; border-color: #f0d9a0; }
.msg.error { background: #fdecea; border-color: #f2b8b5; }
.msg p { margin: 0; }
.tag { display: inline-block; font-size: 12px; color: #8a5a00; background: #ffe8b3; border-radius: 4px; padding: 0 6px; margin-bottom: 4px; }
.note { color: #646a73; font-size: 12px; }
sup { line-height: 0; }
button.cite { font: 600 11px/1 sans-serif; color: #a4262c; background: #fbeaea; border: 0; border-radius: 3px; padding: 2px 4px; margin: 0 1px; cursor: pointer; }
.cite-card { position: absolute; z-index: 2147483001; background: #fff; border: 1px solid #d0d3d6; border-radius: 8px; padding: 10px 12px;
  box-shadow: 0 8px 24px rgba(0,0,0,.18); font-size: 13px; max-height: 260px; overflow-y: auto; }
.cite-card .cite-source { margin: 0 0 6px; color: #646a73; }
.cite-card .cited-text { margin: 0 0 6px; }
mark { background: #fff1a8; }
.cite-open { color: #a4262c; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e4e6e9; }
.composer textarea { flex: 1; resize: none; font: inherit; border: 1px solid #d0d3d6; border-radius: 8px; padding: 6px 8px; }
.composer button { background: #a4262c; color: #fff; border: 0; border-radius: 8px; padding: 0 14px; font: inherit; cursor: pointer; }
.composer button:disabled { opacity: .6; }
`;
