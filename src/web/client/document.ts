// A report, read section by section: the paragraph named in the address (#p-<id>:<start>-<end>) is scrolled to
// and highlighted, with its supporting sentence marked.
function highlight() {
  const m = /^#p-([^:]+)(?::(\d+)-(\d+))?$/.exec(decodeURIComponent(location.hash));
  document.querySelectorAll('.para.target').forEach((el) => {
    el.classList.remove('target');
    el.textContent = el.textContent ?? '';
  });
  if (!m) return;
  const el = document.getElementById(`p-${m[1]}`);
  if (!el) return;
  el.classList.add('target');
  const text = el.textContent ?? '';
  if (m[2] !== undefined) {
    const start = Math.max(0, Math.min(text.length, Number(m[2])));
    const end = Math.max(start, Math.min(text.length, Number(m[3])));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    el.textContent = '';
    el.append(text.slice(0, start), mark, text.slice(end));
  }
  el.scrollIntoView({ block: 'center' });
}

window.addEventListener('hashchange', highlight);
highlight();
