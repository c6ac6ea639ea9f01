// Splits a search snippet into plain text and matches: the vault puts each
// match between `[` and `]`. Text only: nothing here is ever read as HTML.

export interface Part {
  text: string;
  mark: boolean;
}

export function snippetParts(snippet: string): Part[] {
  const parts: Part[] = [];
  const push = (text: string, mark: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  let rest = snippet;
  while (rest.length > 0) {
    const open = rest.indexOf("[");
    if (open < 0) break;
    const close = rest.indexOf("]", open + 1);
    if (close < 0) break;
    push(rest.slice(0, open), false);
    const inner = rest.slice(open + 1, close);
    if (inner) push(inner, true);
    rest = rest.slice(close + 1);
  }
  push(rest, false);
  return parts;
}
