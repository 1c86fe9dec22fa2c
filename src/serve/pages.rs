//! The server-rendered pages: overview (figures and the strength heatmap), partners (table ↔
//! map), pairs, the team form, labs and equipment, one researcher — in Vietnamese (`lang=vi`,
//! the default) or English (`lang=en`).
//!
//! Pages are plain HTML forms (`GET`, so every answer has a URL to share or bookmark) that work
//! without the script; `/assets/app.js` only adds the table ↔ map switch. Each table links to
//! its CSV and JSON download (the API URL of the same question). Accessibility: a skip link,
//! a label for every control, landmarks, visible focus, captions and `scope` on headers,
//! colours at WCAG AA contrast, nothing that needs a mouse.

use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};

use super::api::{self, RawQuery, Shared};
use super::error::{ApiError, Params};
use super::{answer, Answer, Facing, Question};
use crate::model::{Dataset, Region, Title};
use crate::query;
use crate::render::{
    labs as lab_output, researcher as researcher_output, scores, teams as team_output,
};
use crate::report::i18n::{self, column};
use crate::report::svg::{MapChart, MapEdge, MapNode};
use crate::report::Lang;
use crate::table::{Cell, Table};
use crate::team::call::{self, CallSpec, PreferenceSpec, SizeSpec};
use crate::xml::escape;

const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

pub(super) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

pub(super) async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// The fixed texts of the web app that the report's [`i18n::Labels`] do not have.
struct Words {
    app: &'static str,
    skip: &'static str,
    pairs: &'static str,
    team_form: &'static str,
    labs_page: &'static str,
    all_universities: &'static str,
    any: &'static str,
    mode: &'static str,
    mode_strengthen: &'static str,
    mode_new: &'static str,
    top: &'static str,
    show: &'static str,
    find_teams: &'static str,
    table_view: &'static str,
    map_view: &'static str,
    download: &'static str,
    fields_levels: &'static str,
    fields_help: &'static str,
    size: &'static str,
    min_universities: &'static str,
    min_regions: &'static str,
    max_per_university: &'static str,
    include: &'static str,
    exclude: &'static str,
    ids_help: &'static str,
    min_title: &'static str,
    lab_fields: &'static str,
    infeasible: &'static str,
    equipment_search: &'static str,
    error: &'static str,
    nothing: &'static str,
    researcher: &'static str,
    h_index: &'static str,
    heatmap_top: &'static str,
    min_papers: &'static str,
    from_year: &'static str,
    to_year: &'static str,
}

const VI: Words = Words {
    app: "hoptac — kết nối hợp tác nghiên cứu",
    skip: "Bỏ qua, đến nội dung chính",
    pairs: "Cặp nhà nghiên cứu",
    team_form: "Lập nhóm cho đợt gọi",
    labs_page: "Phòng thí nghiệm và thiết bị",
    all_universities: "Tất cả các trường",
    any: "Bất kỳ",
    mode: "Chế độ",
    mode_strengthen: "Củng cố quan hệ sẵn có",
    mode_new: "Tìm đối tác mới",
    top: "Số kết quả",
    show: "Xem",
    find_teams: "Tìm nhóm",
    table_view: "Bảng",
    map_view: "Bản đồ",
    download: "Tải xuống",
    fields_levels: "Lĩnh vực và trình độ tối thiểu",
    fields_help: "Cách nhau bởi dấu phẩy, ví dụ water:0.7, ai (mặc định 0.5)",
    size: "Quy mô nhóm (N hoặc MIN-MAX)",
    min_universities: "Số trường tối thiểu",
    min_regions: "Số vùng tối thiểu",
    max_per_university: "Tối đa mỗi trường",
    include: "Bắt buộc có (mã nhà nghiên cứu)",
    exclude: "Loại trừ (mã nhà nghiên cứu)",
    ids_help: "Các mã cách nhau bởi dấu phẩy",
    min_title: "Học hàm, học vị tối thiểu của ít nhất một thành viên",
    lab_fields: "Lĩnh vực cần phòng thí nghiệm",
    infeasible: "Không lập được nhóm",
    equipment_search: "Tìm thiết bị",
    error: "Lỗi",
    nothing: "Không có kết quả.",
    researcher: "Nhà nghiên cứu",
    h_index: "Chỉ số h",
    heatmap_top: "Hiển thị các trường mạnh nhất",
    min_papers: "Số bài báo chung tối thiểu",
    from_year: "Từ năm",
    to_year: "Đến năm",
};

const EN: Words = Words {
    app: "hoptac — research collaboration matching",
    skip: "Skip to the main content",
    pairs: "Researcher pairs",
    team_form: "Teams for a call",
    labs_page: "Labs and equipment",
    all_universities: "All universities",
    any: "Any",
    mode: "Mode",
    mode_strengthen: "Strengthen existing ties",
    mode_new: "Find new partners",
    top: "Results",
    show: "Show",
    find_teams: "Find teams",
    table_view: "Table",
    map_view: "Map",
    download: "Download",
    fields_levels: "Fields and minimum levels",
    fields_help: "Comma-separated, e.g. water:0.7, ai (default level 0.5)",
    size: "Team size (N or MIN-MAX)",
    min_universities: "At least this many universities",
    min_regions: "At least this many regions",
    max_per_university: "At most per university",
    include: "Must include (researcher ids)",
    exclude: "Exclude (researcher ids)",
    ids_help: "Comma-separated ids",
    min_title: "At least one member with this title or higher",
    lab_fields: "Fields that need a lab",
    infeasible: "No team can be formed",
    equipment_search: "Search equipment",
    error: "Error",
    nothing: "Nothing found.",
    researcher: "Researcher",
    h_index: "h-index",
    heatmap_top: "Showing the strongest universities",
    min_papers: "At least this many joint papers",
    from_year: "From year",
    to_year: "To year",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

fn lang_of(p: &Params) -> Lang {
    p.text("lang")
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// A page being written.
struct Page {
    lang: Lang,
    uri: Uri,
    body: String,
    /// 200, or the status of the error shown.
    status: StatusCode,
}

impl Page {
    fn new(lang: Lang, uri: &Uri) -> Page {
        Page {
            lang,
            uri: uri.clone(),
            body: String::new(),
            status: StatusCode::OK,
        }
    }

    fn w(&self) -> &'static Words {
        words(self.lang)
    }

    fn l(&self) -> &'static i18n::Labels {
        self.lang.labels()
    }

    /// `path?lang=…` for links between pages.
    fn link(&self, path: &str) -> String {
        format!("{path}?lang={}", self.lang.tag())
    }

    /// This page's URL in the other language.
    fn switched(&self) -> String {
        let other = match self.lang {
            Lang::Vi => "en",
            Lang::En => "vi",
        };
        let mut q: Vec<(String, String)> = self
            .uri
            .query()
            .map(|q| {
                q.split('&')
                    .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
                    .map(|kv| match kv.split_once('=') {
                        Some((k, v)) => (k.to_string(), v.to_string()),
                        None => (kv.to_string(), String::new()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        q.push(("lang".into(), other.into()));
        let qs: Vec<String> = q.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{}?{}", self.uri.path(), qs.join("&"))
    }

    fn finish(self, title: &str) -> Response {
        let (w, l) = (self.w(), self.l());
        let mut s = String::with_capacity(self.body.len() + 2048);
        let _ = write!(
            s,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/>\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
             <title>{} — hoptac</title><link rel=\"icon\" href=\"data:,\"/>\
             <link rel=\"stylesheet\" href=\"/assets/app.css\"/>\
             <script src=\"/assets/app.js\" defer=\"defer\"></script></head><body>\
             <a class=\"skip\" href=\"#main\">{}</a><header><span class=\"brand\">{}</span>\
             <nav aria-label=\"hoptac\"><a href=\"{}\">{}</a> <a href=\"{}\">{}</a> \
             <a href=\"{}\">{}</a> <a href=\"{}\">{}</a> <a href=\"{}\">{}</a> \
             <a class=\"lang\" href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a></nav></header>\
             <main id=\"main\" tabindex=\"-1\"><h1>{}</h1>",
            self.lang.tag(),
            escape(title),
            w.skip,
            w.app,
            self.link("/"),
            l.overview,
            self.link("/partners"),
            l.partners,
            self.link("/pairs"),
            w.pairs,
            self.link("/teams"),
            w.team_form,
            self.link("/labs"),
            w.labs_page,
            escape(&self.switched()),
            other_tag(self.lang),
            other_tag(self.lang),
            match self.lang {
                Lang::Vi => "English",
                Lang::En => "Tiếng Việt",
            },
            escape(title),
        );
        s.push_str(&self.body);
        s.push_str("</main></body></html>\n");
        let mut r = Html(s).into_response();
        *r.status_mut() = self.status;
        r
    }

    fn error(&mut self, e: &ApiError) {
        self.status = e.status;
        let _ = write!(
            self.body,
            "<div class=\"error\" role=\"alert\"><strong>{}:</strong> {}",
            self.w().error,
            escape(&e.message)
        );
        if !e.problems.is_empty() {
            self.body.push_str("<ul>");
            for p in &e.problems {
                let _ = write!(self.body, "<li>{}</li>", escape(p));
            }
            self.body.push_str("</ul>");
        }
        self.body.push_str("</div>");
    }

    /// A table with translated headers; cells of `links` columns link to researcher pages.
    fn table(&mut self, t: &Table, links: &[&str], notes: bool) {
        if t.rows.is_empty() {
            let _ = write!(self.body, "<p class=\"nothing\">{}</p>", self.w().nothing);
            return;
        }
        let lang = self.lang;
        let b = &mut self.body;
        b.push_str("<div class=\"scroll\"><table>");
        if !t.title.is_empty() {
            let _ = write!(
                b,
                "<caption>{}</caption>",
                escape(&t.title).replace('\n', "<br/>")
            );
        }
        b.push_str("<thead><tr>");
        for c in &t.columns {
            let name = match (lang, c.as_str()) {
                (Lang::Vi, "joint_papers") => "Bài báo chung".to_string(),
                _ => column(lang, c),
            };
            let _ = write!(b, "<th scope=\"col\">{}</th>", escape(&name));
        }
        b.push_str("</tr></thead><tbody>");
        for r in &t.rows {
            b.push_str("<tr>");
            for (c, cell) in t.columns.iter().zip(r) {
                let text = escape(&cell.text());
                let class = if cell.is_numeric() {
                    " class=\"num\""
                } else {
                    ""
                };
                if links.contains(&c.as_str()) && matches!(cell, Cell::Text(_)) {
                    let _ = write!(
                        b,
                        "<td><a href=\"/researchers/{}?lang={}\">{text}</a></td>",
                        escape(&percent(&cell.text())),
                        lang.tag()
                    );
                } else {
                    let _ = write!(b, "<td{class}>{text}</td>");
                }
            }
            b.push_str("</tr>");
        }
        b.push_str("</tbody></table></div>");
        if notes && !t.notes.is_empty() {
            b.push_str("<ul class=\"notes\">");
            for n in &t.notes {
                let _ = write!(b, "<li>{}</li>", escape(n));
            }
            b.push_str("</ul>");
        }
    }

    /// CSV and JSON links for the question the page shows (`api` is `/api/v1/…?…`).
    fn downloads(&mut self, api: &str) {
        let sep = if api.contains('?') { '&' } else { '?' };
        let _ = write!(
            self.body,
            "<p class=\"downloads\">{}: <a href=\"{}\" download=\"\">CSV</a> · <a href=\"{}\">JSON</a></p>",
            self.w().download,
            escape(&format!("{api}{sep}format=csv")),
            escape(api)
        );
    }
}

fn other_tag(l: Lang) -> &'static str {
    match l {
        Lang::Vi => "en",
        Lang::En => "vi",
    }
}

/// Percent-encodes a path segment or query value (everything but unreserved characters).
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The query string of `pairs`, skipping empty values.
fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", percent(v))))
        .collect::<Vec<_>>()
        .join("&")
}

fn field_name(ds: &Dataset, lang: Lang, f: crate::model::FieldIdx) -> &str {
    let f = ds.field(f);
    match lang {
        Lang::Vi => &f.name_vi,
        Lang::En => &f.name_en,
    }
}

/// Form controls.
struct Form<'a> {
    s: String,
    ds: &'a Dataset,
    lang: Lang,
    p: &'a Params,
}

impl<'a> Form<'a> {
    fn new(action: &str, ds: &'a Dataset, lang: Lang, p: &'a Params) -> Form<'a> {
        let mut s = String::new();
        let _ = write!(
            s,
            "<form method=\"get\" action=\"{action}\" class=\"query\"><input type=\"hidden\" name=\"lang\" value=\"{}\"/>",
            lang.tag()
        );
        Form { s, ds, lang, p }
    }

    fn value(&self, name: &str) -> String {
        self.p.text(name).unwrap_or_default()
    }

    fn select(
        &mut self,
        name: &str,
        label: &str,
        options: &[(String, String)],
        blank: Option<&str>,
    ) {
        let current = self.value(name);
        let _ = write!(
            self.s,
            "<p><label for=\"f-{name}\">{}</label> <select id=\"f-{name}\" name=\"{name}\">",
            escape(label)
        );
        if let Some(b) = blank {
            let _ = write!(self.s, "<option value=\"\">{}</option>", escape(b));
        }
        for (v, text) in options {
            let sel = if *v == current {
                " selected=\"selected\""
            } else {
                ""
            };
            let _ = write!(
                self.s,
                "<option value=\"{}\"{sel}>{}</option>",
                escape(v),
                escape(text)
            );
        }
        self.s.push_str("</select></p>");
    }

    fn fields(&mut self, name: &str, label: &str, blank: Option<&str>) {
        let opts: Vec<(String, String)> = self
            .ds
            .field_ids()
            .map(|f| {
                (
                    self.ds.field(f).id.clone(),
                    field_name(self.ds, self.lang, f).to_string(),
                )
            })
            .collect();
        self.select(name, label, &opts, blank);
    }

    fn universities(&mut self, name: &str, label: &str, blank: &str) {
        let opts: Vec<(String, String)> = self
            .ds
            .universities
            .iter()
            .map(|u| {
                (
                    u.id.clone(),
                    format!(
                        "{} — {}",
                        u.short_name,
                        match self.lang {
                            Lang::Vi => &u.name_vi,
                            Lang::En => &u.name_en,
                        }
                    ),
                )
            })
            .collect();
        self.select(name, label, &opts, Some(blank));
    }

    fn input(&mut self, name: &str, label: &str, kind: &str, default: &str, help: Option<&str>) {
        let v = self.p.text(name).unwrap_or_else(|| default.to_string());
        let described = help.map_or(String::new(), |_| format!(" aria-describedby=\"h-{name}\""));
        let _ = write!(
            self.s,
            "<p><label for=\"f-{name}\">{}</label> <input id=\"f-{name}\" name=\"{name}\" type=\"{kind}\" value=\"{}\"{described}/>",
            escape(label),
            escape(&v)
        );
        if let Some(h) = help {
            let _ = write!(self.s, " <small id=\"h-{name}\">{}</small>", escape(h));
        }
        self.s.push_str("</p>");
    }

    fn finish(mut self, button: &str) -> String {
        let _ = write!(
            self.s,
            "<p><button type=\"submit\">{}</button></p></form>",
            escape(button)
        );
        self.s
    }
}

/// Answers a page's question: the same path as the API ([`answer`]), rendered as HTML.
async fn page<R>(
    st: &Shared,
    headers: &HeaderMap,
    question: Option<Question>,
    render: R,
) -> Response
where
    R: FnOnce(&Facing, Option<Result<Answer, ApiError>>) -> Response + Send + 'static,
{
    let audience = match super::audience(st, headers) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    match question {
        Some(q) => answer(st, audience, q, move |l, _a, r| render(l, Some(r))).await,
        // A form not yet filled in: nothing to ask, only the form to show.
        None => {
            let l = st.current();
            tokio::task::spawn_blocking(move || match l.facing(&audience) {
                Ok(f) => render(&f, None),
                Err(e) => ApiError::from(e).into_response(),
            })
            .await
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

fn bad_request(lang: Lang, uri: &Uri, e: &ApiError) -> Response {
    let mut pg = Page::new(lang, uri);
    pg.error(e);
    let title = pg.w().error;
    pg.finish(title)
}

fn read(q: RawQuery, known: &[&str]) -> Result<Params, ApiError> {
    let p = api::params(q)?;
    p.only(known)?;
    Ok(p)
}

pub(super) async fn overview(
    State(st): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    q: RawQuery,
) -> Response {
    let p = match read(q, &["lang"]) {
        Ok(p) => p,
        Err(e) => return bad_request(Lang::Vi, &uri, &e),
    };
    let lang = lang_of(&p);
    page(&st, &headers, Some(Question::Overview), move |l, _| {
        let mut pg = Page::new(lang, &uri);
        let (ds, lb, w) = (l.engine().data(), pg.l(), pg.w());
        let inter = ds
            .coauthorships
            .iter()
            .filter(|c| ds.researcher(c.a).university != ds.researcher(c.b).university)
            .count();
        let _ = write!(pg.body, "<section aria-labelledby=\"headline\"><h2 id=\"headline\">{}</h2><div class=\"figures\">", lb.headline);
        for (k, v) in [
            (lb.universities, ds.universities.len()),
            (lb.fields, ds.fields.len()),
            (lb.researchers, ds.researchers.len()),
            (lb.labs, ds.labs.len()),
            (lb.coauthorships, ds.coauthorships.len()),
            (lb.inter_university, inter),
        ] {
            let _ = write!(pg.body, "<div class=\"figure\"><div class=\"v\">{v}</div><div class=\"k\">{k}</div></div>");
        }
        pg.body.push_str("</div></section>");
        let _ = write!(
            pg.body,
            "<section aria-labelledby=\"heatmap\"><h2 id=\"heatmap\">{}</h2><figure>{}<figcaption>{}{}</figcaption></figure></section>",
            lb.heatmap,
            l.heatmap(lang),
            lb.heatmap_caption,
            if ds.universities.len() > super::HEATMAP_ROWS {
                format!(" {} ({}).", w.heatmap_top, super::HEATMAP_ROWS)
            } else {
                String::new()
            }
        );
        let _ = write!(pg.body, "<section aria-labelledby=\"by-field\"><h2 id=\"by-field\">{}</h2><ul class=\"columns\">", lb.fields);
        for f in ds.field_ids() {
            let _ = write!(
                pg.body,
                "<li><a href=\"/partners?lang={}&amp;field={}\">{}</a></li>",
                lang.tag(),
                percent(&ds.field(f).id),
                escape(field_name(ds, lang, f))
            );
        }
        pg.body.push_str("</ul></section>");
        pg.downloads("/api/v1/overview");
        let title = lb.overview;
        pg.finish(title)
    })
    .await
}

pub(super) async fn partners(
    State(st): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    q: RawQuery,
) -> Response {
    let p = match read(q, api::PARTNERS_PARAMS) {
        Ok(p) => p,
        Err(e) => return bad_request(Lang::Vi, &uri, &e),
    };
    let lang = lang_of(&p);
    // Without a field the form is shown alone; with one, every other value must be right.
    let question = match p.text("field") {
        None => None,
        Some(_) => match api::partners_request(&p) {
            Ok(mut r) => {
                r.partners.top = Some(r.partners.top.unwrap_or(20));
                Some(Question::Partners(r))
            }
            Err(e) => return bad_request(lang, &uri, &e),
        },
    };
    page(&st, &headers, question, move |l, result| {
        let mut pg = Page::new(lang, &uri);
        let (ds, w) = (l.engine().data(), pg.w());
        let mut f = Form::new("/partners", ds, lang, &p);
        f.fields("field", pg.l().field, None);
        f.universities("university", pg.l().university, w.all_universities);
        f.select(
            "mode",
            w.mode,
            &[
                ("strengthen".into(), w.mode_strengthen.into()),
                ("new".into(), w.mode_new.into()),
            ],
            None,
        );
        let regions: Vec<(String, String)> =
            [Region::North, Region::Central, Region::South, Region::International]
                .iter()
                .map(|r| (r.as_str().to_string(), i18n::region(lang, *r).to_string()))
                .collect();
        f.select("region", pg.l().region, &regions, Some(w.any));
        f.input("min_papers", w.min_papers, "number", "0", None);
        f.input("from", w.from_year, "number", "", None);
        f.input("to", w.to_year, "number", "", None);
        f.input("top", w.top, "number", "20", None);
        pg.body.push_str(&f.finish(w.show));
        match result {
            None => {}
            Some(Err(e)) => pg.error(&e),
            Some(Ok(Answer::Partners(fr))) => {
                let g = l.engine().view();
                let api_q = query_string(&[
                    ("field", p.text("field")),
                    ("university", p.text("university")),
                    ("mode", p.text("mode")),
                    ("region", p.text("region")),
                    ("min_papers", p.text("min_papers")),
                    ("from", p.text("from")),
                    ("to", p.text("to")),
                    ("top", p.text("top")),
                ]);
                let r = &fr.partners;
                match r.university {
                    Some(u) => {
                        let _ = write!(
                            pg.body,
                            "<div class=\"views\" role=\"group\" aria-label=\"{}\" data-views=\"partners\">\
                             <button type=\"button\" data-show=\"partners-table\" aria-pressed=\"true\">{}</button>\
                             <button type=\"button\" data-show=\"partners-map\" aria-pressed=\"false\">{}</button></div>",
                            w.show, w.table_view, w.map_view
                        );
                        pg.body.push_str("<section id=\"partners-table\" class=\"view\">");
                        let t = scores::rank_table(g, r.field, r.mode, &r.lists[0]);
                        pg.table(&api::with_joint_papers(t, &fr.joint_papers[0]), &[], true);
                        pg.body.push_str("</section><section id=\"partners-map\" class=\"view\">");
                        pg.body.push_str(&partner_map(l, lang, u, &r.lists[0]));
                        pg.body.push_str("</section>");
                    }
                    None => pg.table(&scores::matrix_table(g, r.field, r.mode, &r.lists), &[], false),
                }
                pg.downloads(&format!("/api/v1/partners?{api_q}"));
            }
            Some(Ok(_)) => {}
        }
        let title = pg.l().partners;
        pg.finish(title)
    })
    .await
}

/// The university and its partners on a circle (by region), arcs as wide as the score.
fn partner_map(
    l: &Facing,
    lang: Lang,
    u: crate::model::UniIdx,
    list: &[crate::score::PartnerScore],
) -> String {
    let ds = l.engine().data();
    let regions = [
        Region::North,
        Region::Central,
        Region::South,
        Region::International,
    ];
    let mut unis: Vec<crate::model::UniIdx> = vec![u];
    unis.extend(list.iter().take(24).map(|p| p.partner));
    // Nodes grouped by region, in region order, then in list order.
    let mut order: Vec<usize> = (0..unis.len()).collect();
    order.sort_by_key(|&i| {
        let r = ds.university(unis[i]).region;
        (
            regions
                .iter()
                .position(|x| *x == r)
                .unwrap_or(regions.len()),
            i,
        )
    });
    let position: Vec<usize> = {
        let mut p = vec![0; unis.len()];
        for (k, &i) in order.iter().enumerate() {
            p[i] = k;
        }
        p
    };
    let nodes: Vec<MapNode> = order
        .iter()
        .map(|&i| {
            let x = ds.university(unis[i]);
            MapNode {
                label: x.short_name.clone(),
                detail: x.name_vi.clone(),
                group: regions.iter().position(|r| *r == x.region).unwrap_or(0),
                size: l.engine().view().members(unis[i]).len() as f64,
            }
        })
        .collect();
    let edges: Vec<MapEdge> = list
        .iter()
        .take(24)
        .enumerate()
        .map(|(k, p)| MapEdge {
            a: position[0],
            b: position[k + 1],
            weight: (p.score * 100.0).max(1.0),
            detail: format!(
                "{} – {}: {:.3}",
                ds.university(u).short_name,
                ds.university(p.partner).short_name,
                p.score
            ),
        })
        .collect();
    let groups: Vec<String> = regions
        .iter()
        .map(|r| i18n::region(lang, *r).to_string())
        .collect();
    MapChart {
        title: lang.labels().partners,
        nodes: &nodes,
        edges: &edges,
        groups: &groups,
    }
    .svg()
}

pub(super) async fn pairs(
    State(st): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    q: RawQuery,
) -> Response {
    let p = match read(q, api::PAIRS_PARAMS) {
        Ok(p) => p,
        Err(e) => return bad_request(Lang::Vi, &uri, &e),
    };
    let lang = lang_of(&p);
    let question = match p.text("field") {
        None => None,
        Some(_) => match api::pairs_request(&p) {
            Ok(r) => Some(Question::Pairs(r)),
            Err(e) => return bad_request(lang, &uri, &e),
        },
    };
    page(&st, &headers, question, move |l, result| {
        let mut pg = Page::new(lang, &uri);
        let (ds, w) = (l.engine().data(), pg.w());
        let mut f = Form::new("/pairs", ds, lang, &p);
        f.fields("field", pg.l().field, None);
        f.universities("university", pg.l().university, w.all_universities);
        f.input("top", w.top, "number", "20", None);
        pg.body.push_str(&f.finish(w.show));
        match result {
            Some(Err(e)) => pg.error(&e),
            Some(Ok(Answer::Pairs(r))) => {
                pg.table(
                    &scores::pairs_table(l.engine().view(), r.field, &r.pairs),
                    &["researcher", "partner"],
                    true,
                );
                let api_q = query_string(&[
                    ("field", p.text("field")),
                    ("university", p.text("university")),
                    ("top", p.text("top")),
                ]);
                pg.downloads(&format!("/api/v1/pairs?{api_q}"));
            }
            _ => {}
        }
        let title = w.pairs;
        pg.finish(title)
    })
    .await
}

const TEAM_PARAMS: &[&str] = &[
    "lang",
    "id",
    "fields",
    "size",
    "min_universities",
    "min_regions",
    "max_per_university",
    "include",
    "exclude",
    "min_title",
    "lab_fields",
    "top",
    "solver",
    "format",
];

/// The call the team form describes (names are resolved by the query).
fn call_from_form(p: &Params) -> Result<CallSpec, ApiError> {
    let mut fields = Vec::new();
    for item in p.list("fields") {
        fields.push(call::field_spec(&item).map_err(|()| {
            ApiError::invalid("fields", &item, "FIELD or FIELD:LEVEL, e.g. water:0.7")
        })?);
    }
    if fields.is_empty() {
        return Err(ApiError::invalid(
            "fields",
            "",
            "at least one field, e.g. water:0.7",
        ));
    }
    let mut rules = Vec::new();
    if let Some(t) = p.text("min_title") {
        if Title::parse(&t).is_none() && call::rule_spec(&t).is_err() {
            return Err(ApiError::invalid(
                "min_title",
                &t,
                "a title, e.g. associate_professor",
            ));
        }
        rules.push(
            call::rule_spec(&t)
                .map_err(|()| ApiError::invalid("min_title", &t, "TITLE or TITLE:N"))?,
        );
    }
    Ok(CallSpec {
        id: p.text("id").unwrap_or_else(|| "call".into()),
        title: String::new(),
        fields,
        min_level: None,
        size: Some(SizeSpec::Text(
            p.text("size").unwrap_or_else(|| "3-5".into()),
        )),
        min_universities: Some(p.count("min_universities", 1, 100)?.unwrap_or(2)),
        min_regions: Some(p.count("min_regions", 1, 4)?.unwrap_or(1)),
        max_per_university: p.count("max_per_university", 1, 100)?,
        include: p.list("include"),
        exclude: p.list("exclude"),
        rules,
        preferences: PreferenceSpec::default(),
        lab_fields: p.list("lab_fields"),
        problem: p.text("problem"),
        province: p.text("province"),
    })
}

pub(super) async fn teams(
    State(st): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    q: RawQuery,
) -> Response {
    let p = match read(q, TEAM_PARAMS) {
        Ok(p) => p,
        Err(e) => return bad_request(Lang::Vi, &uri, &e),
    };
    let lang = lang_of(&p);
    let question = if p.list("fields").is_empty() {
        None
    } else {
        let built = call_from_form(&p).and_then(|c| {
            let top = p.count("top", 1, query::MAX_TEAMS)?.unwrap_or(3);
            let r = api::teams_request(
                "the team form",
                c,
                top,
                api::solver(p.text("solver").as_deref())?,
            );
            query::Request::check(&r).map_err(ApiError::from)?;
            Ok(r)
        });
        match built {
            Ok(r) => Some(Question::Teams(r)),
            Err(e) => return bad_request(lang, &uri, &e),
        }
    };
    // `format=csv|json`: the form's answer as a download (the documents of the API).
    let download = match p.text("format") {
        None => None,
        Some(_) => match api::out(&p) {
            Ok(o) => Some(o),
            Err(e) => return bad_request(lang, &uri, &e),
        },
    };
    page(&st, &headers, question, move |l, result| {
        if let (Some(o), Some(r)) = (download, &result) {
            return match r.clone() {
                Ok(a) => api::render(l, a, o),
                Err(e) => e.into_response(),
            };
        }
        let mut pg = Page::new(lang, &uri);
        let (ds, w) = (l.engine().data(), pg.w());
        let mut f = Form::new("/teams", ds, lang, &p);
        f.input("fields", w.fields_levels, "text", "", Some(w.fields_help));
        f.input("size", w.size, "text", "3-5", None);
        f.input("min_universities", w.min_universities, "number", "2", None);
        f.input("min_regions", w.min_regions, "number", "1", None);
        f.input(
            "max_per_university",
            w.max_per_university,
            "number",
            "",
            None,
        );
        let titles: Vec<(String, String)> =
            [Title::Doctor, Title::AssociateProfessor, Title::Professor]
                .iter()
                .map(|t| (t.as_str().to_string(), i18n::title(lang, *t).to_string()))
                .collect();
        f.select("min_title", w.min_title, &titles, Some(w.any));
        f.input("include", w.include, "text", "", Some(w.ids_help));
        f.input("exclude", w.exclude, "text", "", Some(w.ids_help));
        f.input("lab_fields", w.lab_fields, "text", "", Some(w.ids_help));
        f.input("top", w.top, "number", "3", None);
        pg.body.push_str(&f.finish(w.find_teams));
        let field_list = {
            let items: Vec<String> = ds
                .field_ids()
                .map(|x| {
                    format!(
                        "<code>{}</code> {}",
                        escape(&ds.field(x).id),
                        escape(field_name(ds, lang, x))
                    )
                })
                .collect();
            format!(
                "<details><summary>{}</summary><p>{}</p></details>",
                pg.l().fields,
                items.join(" · ")
            )
        };
        pg.body.push_str(&field_list);
        match result {
            Some(Err(e)) => pg.error(&e),
            Some(Ok(Answer::Teams(query::TeamsResponse::One {
                call,
                proposal,
                infeasible,
            }))) => {
                let g = l.engine().view();
                pg.body
                    .push_str("<section id=\"teams\" aria-live=\"polite\">");
                if proposal.teams.is_empty() {
                    let _ = write!(
                        pg.body,
                        "<div class=\"error\" role=\"alert\"><strong>{}</strong><ul>",
                        w.infeasible
                    );
                    for reason in team_output::describe(ds, &infeasible) {
                        let _ = write!(pg.body, "<li>{}</li>", escape(&reason));
                    }
                    pg.body.push_str("</ul></div>");
                } else {
                    for t in
                        team_output::teams_tables(g, &call, &l.engine().profile().teams, &proposal)
                    {
                        pg.body.push_str("<article class=\"team\">");
                        pg.table(&t, &["researcher"], true);
                        pg.body.push_str("</article>");
                    }
                }
                pg.body.push_str("</section>");
                let here: Vec<(&str, Option<String>)> = TEAM_PARAMS
                    .iter()
                    .filter(|k| !matches!(**k, "lang" | "format"))
                    .map(|k| (*k, Some(p.list(k).join(",")).filter(|v| !v.is_empty())))
                    .collect();
                pg.downloads(&format!("/teams?{}", query_string(&here)));
            }
            _ => {}
        }
        let title = w.team_form;
        pg.finish(title)
    })
    .await
}

pub(super) async fn labs(
    State(st): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    q: RawQuery,
) -> Response {
    let p = match read(q, &["field", "university", "top", "text", "lang"]) {
        Ok(p) => p,
        Err(e) => return bad_request(Lang::Vi, &uri, &e),
    };
    let lang = lang_of(&p);
    let question = if p.text("text").is_some() {
        match api::equipment_request(&p).and_then(|r| {
            query::Request::check(&r).map_err(ApiError::from)?;
            Ok(r)
        }) {
            Ok(r) => Some(Question::Equipment(r)),
            Err(e) => return bad_request(lang, &uri, &e),
        }
    } else if p.text("field").is_some() || p.text("university").is_some() {
        match api::labs_request(&p) {
            Ok(mut r) => {
                r.top = Some(r.top.unwrap_or(20));
                Some(Question::Labs(r))
            }
            Err(e) => return bad_request(lang, &uri, &e),
        }
    } else {
        None
    };
    page(&st, &headers, question, move |l, result| {
        let mut pg = Page::new(lang, &uri);
        let (ds, w) = (l.engine().data(), pg.w());
        let mut f = Form::new("/labs", ds, lang, &p);
        f.fields("field", pg.l().field, Some(w.any));
        f.universities("university", pg.l().university, w.all_universities);
        f.input("top", w.top, "number", "20", None);
        pg.body.push_str(&f.finish(w.show));
        let mut f = Form::new("/labs", ds, lang, &p);
        f.input("text", w.equipment_search, "search", "", None);
        pg.body.push_str(&f.finish(w.equipment_search));
        let g = l.engine().view();
        match result {
            Some(Err(e)) => pg.error(&e),
            Some(Ok(Answer::Labs(r))) => {
                for (role, ops) in &r.lists {
                    let title = match role {
                        query::LabRole::Borrow => pg.l().borrow,
                        query::LabRole::Offer => pg.l().lend,
                        query::LabRole::All => pg.l().lab_sharing,
                    };
                    let _ = write!(pg.body, "<h2>{}</h2>", escape(title));
                    pg.table(&lab_output::opportunities_table(g, "", ops), &[], true);
                }
                let api_q = query_string(&[
                    ("field", p.text("field")),
                    ("university", p.text("university")),
                    ("top", p.text("top")),
                ]);
                pg.downloads(&format!("/api/v1/labs?{api_q}"));
            }
            Some(Ok(Answer::Equipment(r))) => {
                pg.table(
                    &lab_output::equipment_table(g, &r.text, &r.hits),
                    &[],
                    false,
                );
                pg.downloads(&format!(
                    "/api/v1/equipment?{}",
                    query_string(&[("text", Some(r.text.clone()))])
                ));
            }
            _ => {}
        }
        let title = w.labs_page;
        pg.finish(title)
    })
    .await
}

pub(super) async fn researcher(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    q: RawQuery,
) -> Response {
    let p = match read(q, api::RESEARCHER_PARAMS) {
        Ok(p) => p,
        Err(e) => return bad_request(Lang::Vi, &uri, &e),
    };
    let lang = lang_of(&p);
    let req = match api::researcher_request(id.clone(), &p) {
        Ok(r) => r,
        Err(e) => return bad_request(lang, &uri, &e),
    };
    page(&st, &headers, Some(Question::Researcher(req)), move |l, result| {
        let mut pg = Page::new(lang, &uri);
        let w = pg.w();
        match result {
            Some(Ok(Answer::Researcher(r))) => {
                let (g, ds) = (l.engine().view(), l.engine().data());
                let x = ds.researcher(r.researcher);
                let u = ds.university(x.university);
                let _ = write!(
                    pg.body,
                    "<dl class=\"facts\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{} — {}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
                    column(lang, "id"),
                    escape(&x.id),
                    pg.l().university,
                    escape(&u.short_name),
                    escape(match lang { Lang::Vi => &u.name_vi, Lang::En => &u.name_en }),
                    column(lang, "title"),
                    if r.withheld.contains(&"title") { "—" } else { i18n::title(lang, x.title) },
                    w.h_index,
                    if r.withheld.contains(&"h_index") {
                        "—".to_string()
                    } else {
                        x.h_index.to_string()
                    }
                );
                for t in researcher_output::researcher_tables(g, &r) {
                    let _ = write!(pg.body, "<h2>{}</h2>", escape(&t.title));
                    let mut t = t;
                    t.title.clear();
                    pg.table(&t, &["researcher"], false);
                }
                pg.downloads(&format!("/api/v1/researchers/{}", percent(&x.id)));
                let title = x.name.clone();
                pg.finish(&title)
            }
            Some(Err(e)) => {
                pg.error(&e);
                pg.finish(w.researcher)
            }
            _ => {
                pg.status = StatusCode::INTERNAL_SERVER_ERROR;
                pg.finish(w.researcher)
            }
        }
    })
    .await
}
