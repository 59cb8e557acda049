// The network picture: Cytoscape.js draws what /network answers, nothing computed here.

import cytoscape from "cytoscape";
import { edgeId } from "./state.js";

// Status groups of the legend: colour and line style, so status is not told by colour alone.
const STATUS_GROUP = {
  signed: "in-force", "in-force": "in-force",
  "approved-for-signing": "approved",
  proposed: "proposed", "under-negotiation": "proposed",
  expired: "ended", terminated: "ended", rejected: "ended",
};
const GROUP_STYLE = {
  "in-force": { color: "#1d7a55", style: "solid" },
  approved: { color: "#b86e00", style: "dashed" },
  proposed: { color: "#3461c1", style: "dashed" },
  ended: { color: "#80868b", style: "dotted" },
};

// Above this many edges the force layout is replaced by rings of activity, which is immediate,
// and lines are drawn straight ("haystack"), which Cytoscape draws far faster than curves.
const FORCE_LAYOUT_MAX_EDGES = 300;
const CURVED_MAX_EDGES = 400;
const LABELLED_MAX_EDGES = 60;
// More lines than this make a picture no one can read: the busiest pairs are drawn (the API
// orders them by count), the table lists every one.
export const DRAWN_MAX_EDGES = 1000;

export const GROUPS = Object.keys(GROUP_STYLE);

export function statusGroup(status) {
  return STATUS_GROUP[status] || "ended";
}

function label(node) {
  const name = node.name || node.id;
  return name.length > 28 ? `${name.slice(0, 26)}…` : name;
}

export function drawnEdges(view) {
  return view.edges.slice(0, DRAWN_MAX_EDGES);
}

export function elements(view) {
  const drawn = drawnEdges(view);
  const maxNode = Math.max(1, ...view.nodes.map((n) => n.instrument_count));
  const maxEdge = Math.max(1, ...drawn.map((e) => e.instrument_count));
  const nodes = view.nodes.map((node) => ({
    group: "nodes",
    data: {
      id: node.key, label: label(node), kind: node.kind,
      nonState: node.non_state,
      size: 18 + 34 * Math.sqrt(node.instrument_count / maxNode),
    },
  }));
  const edges = drawn.map((edge) => {
    const dominant = edge.statuses[0] ? edge.statuses[0].status : null;
    const group = GROUP_STYLE[statusGroup(dominant)];
    return {
      group: "edges",
      data: {
        id: edgeId(edge.source, edge.target), source: edge.source, target: edge.target,
        width: 2 + 10 * Math.sqrt(edge.instrument_count / maxEdge), color: group.color, lineStyle: group.style,
        count: edge.instrument_count, labelled: drawn.length <= LABELLED_MAX_EDGES,
      },
    };
  });
  return [...nodes, ...edges];
}

function layoutFor(view) {
  if (Math.min(view.edges.length, DRAWN_MAX_EDGES) > FORCE_LAYOUT_MAX_EDGES) {
    return { name: "concentric", animate: false, minNodeSpacing: 4, concentric: (n) => n.degree(), levelWidth: () => 4 };
  }
  return { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90,
           numIter: 600, padding: 30 };
}

export function createNetwork(container, handlers) {
  const cy = cytoscape({
    container,
    // While panning or zooming, a large network is moved as a picture and redrawn after.
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    minZoom: 0.2,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "#0f5e74", label: "data(label)", width: "data(size)", height: "data(size)",
        color: "#1b2430", "font-size": 12, "font-family": "system-ui, sans-serif", "text-valign": "bottom",
        "text-margin-y": 4, "text-outline-color": "#ffffff", "text-outline-width": 2, "border-width": 2,
        "border-color": "#ffffff" } },
      { selector: "node[kind = 'organization']", style: { shape: "round-rectangle", "background-color": "#5b6f9a" } },
      { selector: "node[?nonState]", style: { shape: "diamond", "background-color": "#9a5b86" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "data(color)", "line-style": "data(lineStyle)", "curve-style": "bezier",
        opacity: 0.8 } },
      // A small network shows each line's count; a large one would be a cloud of numbers.
      { selector: "edge[?labelled]", style: { label: "data(count)", "font-size": 11, color: "#1b2430",
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
      { selector: "edge.straight", style: { "curve-style": "haystack", "haystack-radius": 0 } },
      { selector: ".focused", style: { "border-color": "#e8a400", "border-width": 5 } },
      { selector: "node:selected", style: { "border-color": "#e8a400", "border-width": 5 } },
      { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#e8a400", "underlay-opacity": 0.5,
                                            "underlay-padding": 4 } },
      { selector: ".faded", style: { opacity: 0.15 } },
    ],
  });
  cy.on("tap", "node", (event) => handlers.node(event.target.id()));
  cy.on("tap", "edge", (event) => handlers.edge(event.target.data("source"), event.target.data("target")));

  // Keyboard: arrows move between parties (busiest first), Enter opens the focused one.
  let focus = -1;
  container.addEventListener("keydown", (event) => {
    const nodes = cy.nodes().sort((a, b) => b.data("size") - a.data("size") || a.id().localeCompare(b.id()));
    if (!nodes.length) return;
    if (["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"].includes(event.key)) {
      event.preventDefault();
      const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : -1;
      focus = (focus + step + nodes.length) % nodes.length;
      cy.nodes().removeClass("focused");
      const node = nodes[focus];
      node.addClass("focused");
      handlers.announce(`${node.data("label")}: ${node.degree()} partner${node.degree() === 1 ? "" : "s"}. Enter opens the profile.`);
    } else if (event.key === "Enter" && focus >= 0 && focus < nodes.length) {
      event.preventDefault();
      handlers.node(nodes[focus].id());
    }
  });

  return {
    cy,
    show(view) {
      focus = -1;
      cy.batch(() => {
        cy.elements().remove();
        const added = cy.add(elements(view));
        if (added.edges().length > CURVED_MAX_EDGES) added.edges().addClass("straight");
      });
      cy.layout(layoutFor(view)).run();
      cy.fit(undefined, 40);
      // A few parties would otherwise be blown up to fill the frame.
      if (cy.zoom() > 1.2) {
        cy.zoom(1.2);
        cy.center();
      }
    },
    select(ids) {
      cy.elements().unselect();
      cy.elements().removeClass("faded");
      const chosen = cy.collection(ids.map((id) => cy.getElementById(id)).filter((e) => e.nonempty()));
      if (!chosen.nonempty()) return;
      chosen.select();
      const near = chosen.closedNeighborhood().union(chosen.connectedNodes());
      cy.elements().not(near).addClass("faded");
    },
  };
}
