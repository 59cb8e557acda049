// The view's state lives in the URL, so every view has a permalink: the filters, the tab, and
// what the detail panel shows (`show=country:UA`, `show=edge:country:AZ~country:UA`,
// `show=instrument:<id>`).

export const FILTERS = ["domain", "from_year", "to_year", "statuses", "type", "level", "parties"];

export function readState(location, defaults) {
  const params = new URLSearchParams(location.search);
  const state = { ...defaults, statuses: [...defaults.statuses] };
  for (const key of ["domain", "from_year", "to_year", "type", "level", "parties", "view", "show"]) {
    if (params.has(key)) state[key] = params.get(key);
  }
  if (params.has("statuses")) {
    state.statuses = params.getAll("statuses").flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  }
  return state;
}

export function stateUrl(state, defaults) {
  const params = new URLSearchParams();
  for (const key of ["domain", "from_year", "to_year", "type", "level", "parties", "view", "show"]) {
    const value = state[key];
    if (value !== undefined && value !== null && value !== "" && value !== defaults[key]) params.set(key, value);
  }
  const same = (a, b) => [...a].sort().join(",") === [...b].sort().join(",");
  if (!same(state.statuses, defaults.statuses)) params.set("statuses", state.statuses.join(","));
  // ":", "~" and "," are plain in a query string; left unescaped, a permalink stays readable.
  const text = params.toString().replaceAll("%3A", ":").replaceAll("%2C", ",").replaceAll("%7E", "~");
  return `${window.location.pathname}${text ? `?${text}` : ""}`;
}

// The parameters of /network for a state: the filters only.
export function networkParams(state) {
  const params = {};
  for (const key of FILTERS) {
    if (key === "statuses") params.statuses = state.statuses.length ? state.statuses.join(",") : undefined;
    else if (state[key] !== "") params[key] = state[key];
  }
  return params;
}

export function edgeId(source, target) {
  return `${source}~${target}`;
}
