// powderkeg dashboard: plain DOM and SVG, no library, no network beyond this server.
"use strict";
const $ = (s, el = document) => el.querySelector(s);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const SVGNS = "http://www.w3.org/2000/svg";
const QC = (q) => (q === 3 || q === 4 ? "conflict" : q === 1 || q === 2 ? "coop" : "neutral");
const COLOR = {conflict: "#c0392b", coop: "#1e8449", neutral: "#7f8c8d"};
const params = new URLSearchParams(location.search);
const TYPES = "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split(" ");

async function api(path) {
  const r = await fetch(path, {credentials: "same-origin"});
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(typeof body.detail === "string" ? body.detail : `${r.status} ${JSON.stringify(body.detail || body)}`);
  return body;
}
function fail(el, e) { el.innerHTML = `<p class="error">${esc(e.message || e)}</p>`; }
function typeSelect(id, all = "all types") {
  return `<select id="${id}"><option value="">${all}</option>${TYPES.map((t) => `<option>${t}</option>`).join("")}</select>`;
}
function svg(tag, attrs = {}, parent) {
  const n = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (parent) parent.appendChild(n);
  return n;
}
function highlighted(rec) {
  const t = rec.trigger, s = rec.text;
  if (!t || !t.span) return esc(s);
  const a = t.span[0] - rec.span[0], b = t.span[1] - rec.span[0];
  if (a < 0 || b > s.length) return esc(s);
  return esc(s.slice(0, a)) + `<mark>${esc(s.slice(a, b))}</mark>` + esc(s.slice(b));
}
function who(list) { return (list || []).map((a) => `${a.name || a.text}${a.country ? " (" + a.country + ")" : ""}`).join(", ") || "-"; }
const anchorOf = (id) => "t-" + id.replace(/[^A-Za-z0-9_-]/g, "-");

// ---------------------------------------------------------------- evidence panel
async function showRecord(id) {
  const p = $("#evidence");
  p.hidden = false;
  p.innerHTML = "loading...";
  try {
    const d = await api(`/api/records/${encodeURIComponent(id)}`);
    const r = d.record;
    const head = r.kind === "event"
      ? `<b class="${QC(r.quad)}">${r.negated ? "NOT " : ""}${r.hypothetical ? "MAYBE " : ""}${esc(r.type)}</b> ${esc(who(r.source))} &rarr; ${esc(who(r.target))}`
      : `<b>${esc(r.kind)}</b> ${esc(r.quantity || r.issue || r.relation || r.severity || "")} ${esc(r.value_text || r.stance || r.message || "")}`;
    const inc = d.incident_id || "";
    p.innerHTML = `<button class="close" aria-label="close">&times;</button><div>${head}</div>
      <div class="sentence" id="evidence-sentence">${highlighted(r)}</div>
      <div class="muted">${esc(r.date || d.published || "")} ${r.location ? "&middot; " + esc(r.location.name) : ""} &middot;
      <a href="/article/${encodeURIComponent(r.doc_id)}#${r.trigger ? anchorOf(r.id) : "s" + r.sentence_index}">${esc(d.title || r.doc_id)}</a>
      ${d.url ? `&middot; <a href="${esc(d.url)}" rel="noreferrer">source</a>` : ""} &middot; <code>${esc(r.id)}</code>
      ${inc ? `&middot; <a href="#" id="open-incident">incident</a>` : ""}</div>`;
    if (inc) $("#open-incident", p).onclick = (ev) => { ev.preventDefault(); showIncident(inc); };
    $(".close", p).onclick = () => (p.hidden = true);
  } catch (e) { fail(p, e); }
}
async function showIncident(id) {
  const p = $("#evidence");
  p.hidden = false;
  try {
    const d = await api(`/api/incidents/${encodeURIComponent(id)}`);
    const cas = (d.casualties || []).map((c) => `<li>${esc(c.quantity)} ${esc(c.value_text || c.value)} ${c.claimed_by.length ? "(claimed by " + esc(c.claimed_by.join(", ")) + ")" : ""} <span class="muted">${esc(c.doc_id)}</span></li>`).join("");
    p.innerHTML = `<button class="close" aria-label="close">&times;</button>
      <div><b class="${QC(d.quad)}">${esc(d.type)}</b> ${esc(d.source_countries.join(","))} &rarr; ${esc(d.target_countries.join(",") || "?")}
      &middot; ${esc(d.date)} ${d.location_name ? "&middot; " + esc(d.location_name) : ""}
      <span class="badge">${d.n_articles} articles</span><span class="badge">${d.n_mentions} mentions</span></div>
      ${cas ? `<p>Casualty figures reported:</p><ul>${cas}</ul>` : ""}
      <ol>${d.reports.map((r) => `<li class="sentence" style="font-size:14px">${r.span ? highlighted({text: r.text, trigger: r.trigger, span: r.span}) : esc(r.text)}
        <div class="muted"><a href="#" data-rec="${esc(r.event_id)}">evidence</a> &middot; <a href="/article/${encodeURIComponent(r.doc_id)}">${esc(r.title || r.doc_id)}</a> ${esc(r.published || "")}</div></li>`).join("")}</ol>`;
    p.querySelectorAll("[data-rec]").forEach((a) => (a.onclick = (ev) => { ev.preventDefault(); showRecord(a.dataset.rec); }));
    $(".close", p).onclick = () => (p.hidden = true);
  } catch (e) { fail(p, e); }
}

// ---------------------------------------------------------------- network
async function pageNetwork(app) {
  app.innerHTML = `<div class="controls"><h2 style="margin:0">Actor network</h2>${typeSelect("ntype")}
    <label>min incidents <input id="nmin" type="number" min="1" value="1" style="width:60px"></label>
    <span class="muted">countries; arrows = incidents by type (red conflict, green cooperation). Click an arrow for the dyad, a country for its profile.</span></div>
    <div class="row"><div class="col card"><svg id="net" viewBox="0 0 900 640" width="100%"></svg></div>
    <div class="side card" id="nside"><p class="muted">Pick a country or an arrow.</p></div></div>`;
  const draw = async () => {
    const t = $("#ntype").value, m = $("#nmin").value || 1;
    let d;
    try { d = await api(`/api/network?min_weight=${m}&limit=300${t ? "&type=" + t : ""}`); } catch (e) { return fail($("#nside"), e); }
    layoutNetwork($("#net"), d);
  };
  $("#ntype").onchange = draw; $("#nmin").onchange = draw;
  await Promise.all([draw(), overview()]);
}
async function overview() {  // incidents per month by quad class, and the totals
  const box = document.createElement("div"); box.className = "card"; box.id = "overview"; $("#app").appendChild(box);
  let d;
  try { d = await api("/api/stats?by=month"); } catch (e) { return fail(box, e); }
  const t = d.totals, per = {};
  for (const x of d.incidents_over_time) (per[x.period] ||= [0, 0, 0, 0])[(x.quad || 1) - 1] += x.incidents;
  const months = Object.keys(per).sort(), W = 1140, H = 150, mx = Math.max(1, ...months.map((m) => per[m].reduce((a, b) => a + b, 0)));
  box.innerHTML = `<h2>Incidents per month by quad class</h2><p class="muted">${t.documents} articles, ${t.events} events, ${t.incidents} incidents
    (${t.incidents_multi_article} told by several articles), ${t.figures} figures, ${t.stances} stances, ${t.flags} flags.
    One bar per month that has incidents: verbal cooperation, material cooperation, verbal conflict, material conflict (bottom to top).</p><svg id="quads" viewBox="0 0 ${W} ${H + 16}" width="100%"></svg>`;
  const el = $("#quads"), bw = Math.max(1, W / Math.max(1, months.length) - 1), cols = ["#82e0aa", "#1e8449", "#f1948a", "#c0392b"];
  months.forEach((m, i) => {
    let y = H;
    per[m].forEach((v, q) => { if (!v) return; const h = H * v / mx; y -= h;
      svg("title", {}, svg("rect", {x: i * (bw + 1), y, width: bw, height: h, fill: cols[q]}, el)).textContent = `${m.slice(0, 7)}: ${v} incidents, quad ${q + 1}`; });
  });
  if (months.length) { svg("text", {x: 0, y: H + 13}, el).textContent = months[0].slice(0, 7); svg("text", {x: W - 50, y: H + 13}, el).textContent = months[months.length - 1].slice(0, 7); }
}
function layoutNetwork(el, d) {
  el.innerHTML = "";
  const W = 900, H = 640, nodes = d.nodes.slice(0, 70), ids = new Set(nodes.map((n) => n.id));
  // one arrow per directed pair: weight = incidents, colour = net PLOVER score, types in its tooltip
  const agg = {};
  for (const e of d.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    const k = e.source + "|" + e.target;
    const a = (agg[k] ||= {source: e.source, target: e.target, weight: 0, score: 0, types: []});
    a.weight += e.weight; a.score += e.score; a.types.push(`${e.type} ${e.weight}`);
  }
  const edges = Object.values(agg);
  nodes.forEach((n, i) => { const a = (2 * Math.PI * i) / nodes.length; n.x = W / 2 + 250 * Math.cos(a); n.y = H / 2 + 250 * Math.sin(a); });
  const by = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const pairs = {};
  for (const e of edges) { const k = [e.source, e.target].sort().join("|"); pairs[k] = (pairs[k] || 0) + e.weight; }
  for (let it = 0; it < 300; it++) {  // a small force layout: repulsion, springs on linked pairs, gravity
    const cool = 1 - it / 300;
    for (const a of nodes) { a.dx = (W / 2 - a.x) * 0.005; a.dy = (H / 2 - a.y) * 0.005; }
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01, f = 9000 / d2, dd = Math.sqrt(d2);
      a.dx += dx * f / dd; a.dy += dy * f / dd; b.dx -= dx * f / dd; b.dy -= dy * f / dd;
    }
    for (const [k, w] of Object.entries(pairs)) {
      const [s, t] = k.split("|"), a = by[s], b = by[t], dx = b.x - a.x, dy = b.y - a.y, dist = Math.hypot(dx, dy) || 1;
      const f = (dist - 120) * 0.01 * Math.min(3, 1 + Math.log(w)); a.dx += dx / dist * f; a.dy += dy / dist * f; b.dx -= dx / dist * f; b.dy -= dy / dist * f;
    }
    for (const a of nodes) { a.x += Math.max(-20, Math.min(20, a.dx)) * cool * 2; a.y += Math.max(-20, Math.min(20, a.dy)) * cool * 2; }
  }
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);  // fill the frame
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const n of nodes) { n.x = 40 + (W - 110) * (n.x - x0) / Math.max(1, x1 - x0); n.y = 25 + (H - 50) * (n.y - y0) / Math.max(1, y1 - y0); }
  const defs = svg("defs", {}, el);
  for (const [k, c] of Object.entries(COLOR)) {
    const m = svg("marker", {id: "m-" + k, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto"}, defs);
    svg("path", {d: "M0,0 L10,5 L0,10 z", fill: c}, m);
  }
  for (const e of edges) {
    const a = by[e.source], b = by[e.target], dx = b.x - a.x, dy = b.y - a.y, dist = Math.hypot(dx, dy) || 1, bend = 14;
    const mx = (a.x + b.x) / 2 - dy / dist * bend, my = (a.y + b.y) / 2 + dx / dist * bend;
    const c = e.score < 0 ? "conflict" : e.score > 0 ? "coop" : "neutral";
    const r = 7 + Math.min(14, Math.sqrt(b.weight)) * 0.6;
    const ex = b.x - (b.x - mx) / Math.hypot(b.x - mx, b.y - my) * r, ey = b.y - (b.y - my) / Math.hypot(b.x - mx, b.y - my) * r;
    const p = svg("path", {d: `M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`, fill: "none", stroke: COLOR[c], "stroke-width": Math.min(7, 1 + Math.log2(e.weight)),
      opacity: 0.7, "marker-end": `url(#m-${c})`, class: "edge", "data-a": e.source, "data-b": e.target}, el);
    svg("title", {}, p).textContent = `${e.source} -> ${e.target}: ${e.weight} incidents (${e.types.join(", ")}), net score ${e.score.toFixed(1)}`;
    p.onclick = () => (location.href = `/dyads?a=${e.source}&b=${e.target}`);
  }
  for (const n of nodes) {
    const g = svg("g", {class: "node", "data-id": n.id}, el);
    svg("circle", {cx: n.x, cy: n.y, r: 4 + Math.min(14, Math.sqrt(n.weight)) * 0.6, fill: "#34495e", stroke: "#fff"}, g);
    svg("text", {x: n.x + 8, y: n.y - 6, "font-weight": 600}, g).textContent = n.id;
    svg("title", {}, g).textContent = `${n.name}: ${n.weight} incident ends`;
    g.onclick = () => actorSide(n.id);
  }
}
async function actorSide(id) {
  const side = $("#nside");
  try {
    const d = await api(`/api/actor?name=${encodeURIComponent(id)}`);
    const kv = (o) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(", ") || "-";
    side.innerHTML = `<h2>${esc(id)}</h2><p><b>as source:</b> ${esc(kv(d.as_source))}</p><p><b>as target:</b> ${esc(kv(d.as_target))}</p>
      <p><b>counterparts:</b> ${d.counterparts.map((c) => `<a href="/dyads?a=${esc(id)}&b=${esc(c.country)}">${esc(c.country)}</a> (${c.events})`).join(", ")}</p>
      <h2>Latest events</h2>${d.recent_events.map((e) => `<div class="dyad" data-rec="${esc(e.id)}"><span>${esc(e.type)} <span class="muted">${esc(e.date)}</span></span></div>`).join("")}`;
    side.querySelectorAll("[data-rec]").forEach((x) => (x.onclick = () => showRecord(x.dataset.rec)));
  } catch (e) { fail(side, e); }
}

// ---------------------------------------------------------------- dyads and alerts
async function pageDyads(app) {
  app.innerHTML = `<div class="row"><div class="side"><div class="card"><h2>Alerts</h2><div id="alerts" class="list" style="max-height:30vh"></div></div>
    <div class="card"><h2>Dyads</h2><input id="dq" placeholder="filter, e.g. IRN" style="width:95%"><div id="dyads" class="list" style="max-height:40vh"></div></div></div>
    <div class="col"><div class="card" id="timeline"><p class="muted">Pick a dyad or an alert.</p></div><div class="card" id="dincidents"></div></div></div>`;
  try {
    const al = await api("/api/alerts?limit=100");
    $("#alerts").innerHTML = al.items.map((a) => `<div class="alert" data-a="${a.a}" data-b="${a.b}"><b>${a.a} &ndash; ${a.b}</b> week of ${a.week}<br>
      <span class="muted">index ${a.index} vs baseline ${a.baseline} (sd ${a.sd}) &middot; ${a.incidents.length} incidents</span></div>`).join("") || "<p class='muted'>No alert.</p>";
    $("#alerts").querySelectorAll(".alert").forEach((x) => (x.onclick = () => openDyad(x.dataset.a, x.dataset.b)));
    const dy = await api("/api/dyads?limit=1000");
    const list = () => {
      const q = $("#dq").value.trim().toUpperCase();
      $("#dyads").innerHTML = dy.items.filter((d) => !q || d.a.includes(q) || d.b.includes(q)).slice(0, 300).map((d) =>
        `<div class="dyad" data-a="${d.a}" data-b="${d.b}"><span>${d.a} &ndash; ${d.b}</span><span class="muted">${d.incidents} inc, <span class="${d.index < 0 ? "conflict" : "coop"}">${d.index}</span></span></div>`).join("");
      $("#dyads").querySelectorAll(".dyad").forEach((x) => (x.onclick = () => openDyad(x.dataset.a, x.dataset.b)));
    };
    $("#dq").oninput = list; list();
  } catch (e) { fail($("#alerts"), e); }
  if (params.get("a") && params.get("b")) openDyad(params.get("a"), params.get("b"));
}
async function openDyad(a, b) {
  history.replaceState(null, "", `/dyads?a=${a}&b=${b}`);
  const tl = $("#timeline");
  let d;
  try { d = await api(`/api/dyad?a=${a}&b=${b}&by=week`); } catch (e) { return fail(tl, e); }
  tl.innerHTML = `<h2 id="dyad-title">${d.a} &ndash; ${d.b}: escalation index per week</h2>
    <p class="muted">Sum of PLOVER scores of the pair's incidents each week (below zero: conflict). Red triangles: alerts. Click a bar for its incidents.</p><svg id="tl" viewBox="0 0 900 260" width="100%"></svg>
    <div id="dalerts"></div>`;
  const el = $("#tl"), S = d.series, W = 900, H = 260, pad = 40;
  if (!S.length) { tl.insertAdjacentHTML("beforeend", "<p>No incident between them.</p>"); return; }
  const t0 = new Date(S[0].period).getTime(), t1 = new Date(S[S.length - 1].period).getTime() + 7 * 864e5;
  const mx = Math.max(5, ...S.map((p) => Math.abs(p.index)));
  const X = (t) => pad + (W - 2 * pad) * (t - t0) / Math.max(1, t1 - t0), Y = (v) => H / 2 - (H / 2 - 25) * v / mx;
  svg("line", {x1: pad, x2: W - pad, y1: Y(0), y2: Y(0), stroke: "#95a5a6"}, el);
  svg("text", {x: 2, y: Y(mx) + 4}, el).textContent = `+${mx}`; svg("text", {x: 2, y: Y(-mx) + 4}, el).textContent = `-${mx}`;
  svg("text", {x: pad, y: H - 2}, el).textContent = S[0].period; svg("text", {x: W - pad - 60, y: H - 2}, el).textContent = S[S.length - 1].period;
  const bw = Math.max(3, Math.min(24, (W - 2 * pad) / Math.max(1, (t1 - t0) / (7 * 864e5)) - 1));
  const alerted = new Set(d.alerts.map((x) => x.week));
  for (const p of S) {
    const x = X(new Date(p.period).getTime()), y = Y(Math.max(0, p.index)), h = Math.abs(Y(p.index) - Y(0));
    const r = svg("rect", {x, y: p.index >= 0 ? y : Y(0), width: bw, height: Math.max(1, h), fill: p.index < 0 ? COLOR.conflict : COLOR.coop, class: "bar", "data-week": p.period}, el);
    svg("title", {}, r).textContent = `${p.period}: index ${p.index} (${p.incidents} incidents, ${p.mentions} mentions)`;
    r.style.cursor = "pointer"; r.onclick = () => listIncidents(d, p.incident_ids, `week of ${p.period}`);
    if (alerted.has(p.period)) svg("path", {d: `M${x + bw / 2},${Y(p.index) + 14} l-6,10 h12 z`, fill: "#c0392b", class: "alert-mark"}, el);
  }
  $("#dalerts").innerHTML = d.alerts.length ? `<h2>${d.alerts.length} alert${d.alerts.length > 1 ? "s" : ""}</h2>` + d.alerts.map((x) =>
    `<div class="alert" data-week="${x.week}">week of ${x.week}: index ${x.index} vs baseline ${x.baseline} (sd ${x.sd}), drop ${x.drop}</div>`).join("") : "<p class='muted'>No alert for this pair.</p>";
  $("#dalerts").querySelectorAll(".alert").forEach((x) => (x.onclick = () => {
    const al = d.alerts.find((y) => y.week === x.dataset.week); listIncidents(d, al.incidents.map((i) => i.incident_id), `alert, week of ${al.week}`);
  }));
  listIncidents(d, d.incidents.map((i) => i.incident_id), "all incidents");
}
function listIncidents(d, ids, label) {
  const set = new Set(ids), rows = d.incidents.filter((i) => set.has(i.incident_id));
  $("#dincidents").innerHTML = `<h2>${esc(label)}: ${rows.length} incidents</h2><table><thead><tr><th>date</th><th>type</th><th>articles</th><th>evidence</th></tr></thead><tbody>` +
    rows.map((i) => `<tr data-inc="${esc(i.incident_id)}" data-rec="${esc(i.event_id)}"><td>${esc(i.date)}</td><td class="${i.score < 0 ? "conflict" : "coop"}">${esc(i.type)}</td><td>${i.n_articles}</td><td>${esc(i.text)}</td></tr>`).join("") + "</tbody></table>";
  $("#dincidents").querySelectorAll("tr[data-inc]").forEach((tr) => (tr.onclick = () => showIncident(tr.dataset.inc)));
}

// ---------------------------------------------------------------- map
async function pageMap(app) {
  app.innerHTML = `<div class="controls"><h2 style="margin:0">Map</h2><select id="mkind"><option value="incidents">incidents</option><option value="events">events</option></select>${typeSelect("mtype")}
    <span class="muted">Natural Earth 1:110m outlines (public domain), served locally. Countries shaded by located items; click a dot for its evidence.</span></div>
    <div class="card"><svg id="map" viewBox="0 0 1000 500" width="100%" style="background:#d6eaf8"></svg></div><div id="mcount" class="muted"></div>`;
  const world = await fetch("/static/world.geojson").then((r) => r.json());
  const P = ([lon, lat]) => [((lon + 180) / 360) * 1000, ((90 - lat) / 180) * 500];
  const draw = async () => {
    const el = $("#map"); el.innerHTML = "";
    let d;
    try { d = await api(`/api/map?kind=${$("#mkind").value}${$("#mtype").value ? "&type=" + $("#mtype").value : ""}`); } catch (e) { return fail($("#mcount"), e); }
    const unwrap = (ring) => ring.some((c, i) => i && Math.abs(c[0] - ring[i - 1][0]) > 180)
      ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : ring;  // rings across the date line (Russia, Fiji)
    for (const f of world.features) {
      if (f.properties.iso3 === "ATA") continue;
      const dd = f.geometry.coordinates.map((poly) => poly.map((ring) => "M" + unwrap(ring).map((c) => P(c).map((v) => v.toFixed(1)).join(",")).join("L") + "Z").join("")).join("");
      const n = d.countries[f.properties.iso3] || 0;
      const p = svg("path", {d: dd, class: "country" + (n ? " hit" : ""), "data-iso": f.properties.iso3 || ""}, el);
      if (n) p.style.fill = `rgba(192,57,43,${Math.min(0.85, 0.15 + Math.log(1 + n) / 7)})`;
      svg("title", {}, p).textContent = `${f.properties.name}: ${n}`;
    }
    for (const q of d.points) {
      const [x, y] = P([q.lon, q.lat]);
      const c = svg("circle", {cx: x, cy: y, r: 2.5 + Math.sqrt(q.n_articles || 1), fill: COLOR[QC(q.quad)], class: "pt", "data-id": q.id}, el);
      if (q.approximate) c.setAttribute("fill-opacity", "0.55");
      svg("title", {}, c).textContent = `${q.type} ${q.date} ${q.place || ""}${q.approximate ? " (placed at its country's centre)" : ""}`;
      c.onclick = () => (d.kind === "incidents" ? showIncident(q.id) : showRecord(q.id));
    }
    $("#mcount").textContent = `${d.points.length} located ${d.kind}`;
  };
  $("#mkind").onchange = draw; $("#mtype").onchange = draw;
  await draw();
}

// ---------------------------------------------------------------- stances
async function pageStances(app) {
  app.innerHTML = `<div class="controls"><h2 style="margin:0">Stance matrix</h2><select id="sby"><option value="actor">by actor</option><option value="country">by country</option></select>
    <span class="muted">support (green), oppose (red), conditional (yellow), both (violet); click a cell for its sentences</span></div><div class="card" id="smat"></div>`;
  const draw = async () => {
    let d;
    try { d = await api(`/api/stances?by=${$("#sby").value}`); } catch (e) { return fail($("#smat"), e); }
    const cell = {}; for (const c of d.cells) cell[c.actor + "\u0000" + c.issue] = c;
    $("#smat").innerHTML = `<table><thead><tr><th></th>${d.issues.map((i) => `<th>${esc(i)}</th>`).join("")}</tr></thead><tbody>` + d.actors.map((a) =>
      `<tr><th>${esc(a)}</th>${d.issues.map((i) => { const c = cell[a + "\u0000" + i]; return c ? `<td class="cell-${c.position}" data-ids="${esc(c.ids.join(" "))}">${c.support ? "+" + c.support : ""} ${c.oppose ? "&minus;" + c.oppose : ""} ${c.conditional ? "?" + c.conditional : ""}</td>` : "<td></td>"; }).join("")}</tr>`).join("") + "</tbody></table>";
    $("#smat").querySelectorAll("td[data-ids]").forEach((td) => (td.onclick = () => showRecord(td.dataset.ids.split(" ")[0])));
  };
  $("#sby").onchange = draw; await draw();
}

// ---------------------------------------------------------------- table
async function pageTable(app) {
  app.innerHTML = `<div class="controls"><select id="tkind"><option value="events">events</option><option value="incidents">incidents</option></select>
    <input id="tq" type="search" placeholder="search text, title or doc id" size="30" maxlength="200">${typeSelect("ttype")}
    <input id="tc" placeholder="country (e.g. IRN)" size="12" maxlength="3"><button id="tgo">Search</button></div>
    <div class="card"><table id="tbl"></table><div class="pager"><button id="prev">&larr; previous</button><span id="pinfo"></span><button id="next">next &rarr;</button></div></div>`;
  let page = 1;
  const load = async () => {
    const kind = $("#tkind").value, q = $("#tq").value.trim(), t = $("#ttype").value, c = $("#tc").value.trim().toUpperCase();
    const u = new URLSearchParams({page, size: 25}); if (q) u.set("q", q); if (t) u.set("type", t); if (c) u.set("country", c);
    let d;
    try { d = await api(`/api/${kind}?${u}`); } catch (e) { return fail($("#tbl"), e); }
    const pages = Math.max(1, Math.ceil(d.total / d.size));
    $("#pinfo").textContent = `page ${d.page} of ${pages} (${d.total} ${kind})`;
    $("#prev").disabled = d.page <= 1; $("#next").disabled = d.page >= pages;
    $("#tbl").innerHTML = kind === "events"
      ? `<thead><tr><th>date</th><th>type</th><th>source</th><th>target</th><th>trigger</th><th>evidence</th></tr></thead><tbody>` + d.items.map((r) =>
        `<tr data-rec="${esc(r.id)}"><td>${esc(r.date)}</td><td class="${QC(r.quad)}">${esc(r.type)}</td><td>${esc((r.source_names || []).join(", "))}</td><td>${esc((r.target_names || []).join(", "))}</td><td>${esc(r.trigger)}</td><td>${esc(r.text)}</td></tr>`).join("") + "</tbody>"
      : `<thead><tr><th>date</th><th>type</th><th>source</th><th>target</th><th>place</th><th>articles</th><th>first report</th></tr></thead><tbody>` + d.items.map((r) =>
        `<tr data-inc="${esc(r.incident_id)}"><td>${esc(r.date)}</td><td class="${QC(r.quad)}">${esc(r.type)}</td><td>${esc(r.source_countries.join(","))}</td><td>${esc(r.target_countries.join(","))}</td><td>${esc(r.location_name)}</td><td>${r.n_articles}</td><td>${esc(r.text)}</td></tr>`).join("") + "</tbody>";
    $("#tbl").querySelectorAll("tr[data-rec]").forEach((tr) => (tr.onclick = () => showRecord(tr.dataset.rec)));
    $("#tbl").querySelectorAll("tr[data-inc]").forEach((tr) => (tr.onclick = () => showIncident(tr.dataset.inc)));
  };
  $("#tgo").onclick = () => { page = 1; load(); };
  $("#tq").onkeydown = (e) => { if (e.key === "Enter") { page = 1; load(); } };
  $("#tkind").onchange = () => { page = 1; load(); }; $("#ttype").onchange = () => { page = 1; load(); };
  $("#prev").onclick = () => { page = Math.max(1, page - 1); load(); };
  $("#next").onclick = () => { page += 1; load(); };
  if (params.get("q")) $("#tq").value = params.get("q");
  await load();
}

const PAGES = {network: pageNetwork, dyads: pageDyads, map: pageMap, stances: pageStances, table: pageTable};
const fn = PAGES[document.body.dataset.page];
if (fn) fn($("#app")).then(() => document.body.setAttribute("data-ready", "1"));
