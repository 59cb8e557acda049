// Building elements from data without innerHTML: text from the graph is always text.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "className") element.className = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Vocabulary ids as words: "memorandum-of-understanding" -> "memorandum of understanding".
export function words(id) {
  return id ? String(id).replaceAll("-", " ") : "";
}

export function years(first, last) {
  if (first == null && last == null) return "undated";
  if (first === last) return String(first);
  return `${first ?? "?"}–${last ?? "?"}`;
}
