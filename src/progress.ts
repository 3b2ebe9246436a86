// A small progress bar on stderr (plain lines when stderr is not a terminal).
export function progressBar(total: number, label: string) {
  const tty = process.stderr.isTTY;
  let max = total;
  return {
    tick(done: number, note = '', newTotal?: number) {
      if (newTotal) max = newTotal;
      const width = 24;
      const filled = max ? Math.round((done / max) * width) : width;
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${max} ${note}`;
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
      else process.stderr.write(line + '\n');
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
