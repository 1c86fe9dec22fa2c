//! The report's labels in Vietnamese and English.
//!
//! Every label lives in one [`Labels`] struct and both languages are struct literals, so a label
//! missing in one language does not compile. Names of universities and fields come from the
//! dataset (`name_vi` or `name_en`); score explanations come from the scoring engine and stay in
//! English in both languages.

use crate::model::{Region, Title};

/// The report's language (`--lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vietnamese" => Some(Lang::Vi),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

/// Every fixed text of the report.
#[derive(Debug)]
pub struct Labels {
    pub report_title: &'static str,
    pub overview: &'static str,
    pub field: &'static str,
    pub fields: &'static str,
    pub university: &'static str,
    pub universities: &'static str,
    pub headline: &'static str,
    pub researchers: &'static str,
    pub labs: &'static str,
    pub coauthorships: &'static str,
    pub inter_university: &'static str,
    pub expertise_entries: &'static str,
    pub heatmap: &'static str,
    pub heatmap_caption: &'static str,
    pub coauthor_map: &'static str,
    pub coauthor_map_caption: &'static str,
    pub strongest_links: &'static str,
    pub leaders: &'static str,
    pub partner: &'static str,
    pub partners: &'static str,
    pub partner_matrix: &'static str,
    pub partner_matrix_caption: &'static str,
    pub teams: &'static str,
    pub teams_intro: &'static str,
    pub field_alone: &'static str,
    pub with_related: &'static str,
    pub team: &'static str,
    pub no_team: &'static str,
    pub lab_sharing: &'static str,
    pub lab_sharing_intro: &'static str,
    pub best_partners: &'static str,
    pub teams_of_university: &'static str,
    pub borrow: &'static str,
    pub lend: &'static str,
    pub none: &'static str,
    pub synthetic_note: &'static str,
    /// "Written for: public · data-sharing policy: …".
    pub written_for: &'static str,
    pub sharing_policy: &'static str,
    pub related_fields: &'static str,
    pub region: &'static str,
    pub city: &'static str,
    pub score: &'static str,
    pub legend_low: &'static str,
    pub legend_high: &'static str,
    pub notes: &'static str,
    pub generated: &'static str,
    pub data_tables: &'static str,
    pub back_to_overview: &'static str,
    pub contents: &'static str,
    pub note_teams_per_call: &'static str,
    pub note_mode: &'static str,
    pub note_english: &'static str,
    pub expertise: &'static str,
    pub cohesion: &'static str,
    pub diversity: &'static str,
    /// The tasks page (`--tasks FILE`).
    pub tasks: &'static str,
    pub tasks_title: &'static str,
    pub tasks_intro: &'static str,
    /// "N tasks from FILE".
    pub tasks_from: &'static str,
    pub tasks_filled: &'static str,
    pub task: &'static str,
    pub problem: &'static str,
    pub fields_read: &'static str,
    pub fields_read_hint: &'static str,
    pub fields_given: &'static str,
    pub province: &'static str,
    pub province_pref: &'static str,
    pub topic_pref: &'static str,
    pub no_problem: &'static str,
    pub why_team: &'static str,
    pub preferences: &'static str,
    pub mean_topic: &'static str,
    pub mean_near: &'static str,
    pub total_vs_reference: &'static str,
    pub seats: &'static str,
    pub capacity_taken_tasks: &'static str,
    pub filled: &'static str,
    pub unfilled: &'static str,
}

pub const VI: Labels = Labels {
    report_title: "Báo cáo hợp tác nghiên cứu",
    overview: "Tổng quan",
    field: "Lĩnh vực",
    fields: "Các lĩnh vực",
    university: "Trường đại học",
    universities: "Các trường đại học",
    headline: "Số liệu chính",
    researchers: "Nhà nghiên cứu",
    labs: "Phòng thí nghiệm",
    coauthorships: "Quan hệ đồng tác giả",
    inter_university: "Đồng tác giả liên trường",
    expertise_entries: "Mục chuyên môn",
    heatmap: "Thế mạnh của các trường theo lĩnh vực",
    heatmap_caption: "Màu càng đậm, trường càng mạnh trong lĩnh vực (điểm thế mạnh 0–1: tác động so với trường mạnh nhất và mức độ chuyên sâu).",
    coauthor_map: "Bản đồ đồng tác giả liên trường",
    coauthor_map_caption: "Mỗi cung nối hai trường có công bố chung; cung càng dày, càng nhiều cặp đồng tác giả. Màu nút theo vùng.",
    strongest_links: "Các liên kết liên trường mạnh nhất",
    leaders: "Các trường dẫn đầu",
    partner: "Đối tác",
    partners: "Đối tác",
    partner_matrix: "Ma trận đối tác",
    partner_matrix_caption: "Hàng: trường; cột: đối tác; ô: điểm đối tác (càng đậm càng phù hợp).",
    teams: "Nhóm nghiên cứu đề xuất",
    teams_intro: "Mỗi đợt gọi: 3–5 thành viên, ít nhất 2 trường, ít nhất 2 vùng khi dữ liệu có, trình độ tối thiểu 0,5 trong mỗi lĩnh vực yêu cầu.",
    field_alone: "Riêng lĩnh vực",
    with_related: "Kết hợp với",
    team: "Nhóm",
    no_team: "Không lập được nhóm",
    lab_sharing: "Cơ hội dùng chung phòng thí nghiệm",
    lab_sharing_intro: "Phòng thí nghiệm của một trường mà nhà nghiên cứu của trường khác có thể sử dụng cho lĩnh vực này.",
    best_partners: "Đối tác tốt nhất theo lĩnh vực",
    teams_of_university: "Các nhóm đề xuất có thành viên của trường",
    borrow: "Phòng thí nghiệm trường có thể mượn",
    lend: "Phòng thí nghiệm trường có thể cho mượn",
    none: "Không có",
    synthetic_note: "Dữ liệu tích hợp sẵn: các nhà nghiên cứu, hợp tác và phòng thí nghiệm là tổng hợp (sinh ngẫu nhiên), không phải người thật.",
    written_for: "Báo cáo dành cho",
    sharing_policy: "quy định chia sẻ dữ liệu",
    related_fields: "Lĩnh vực liên quan",
    region: "Vùng",
    city: "Thành phố",
    score: "Điểm",
    legend_low: "thấp",
    legend_high: "cao",
    notes: "Ghi chú",
    generated: "Tạo bởi hoptac",
    data_tables: "Bảng dữ liệu (CSV, JSON)",
    back_to_overview: "Về trang tổng quan",
    contents: "Mục lục",
    note_teams_per_call: "Số nhóm đề xuất tối đa cho mỗi đợt gọi",
    note_mode: "Điểm đối tác tính theo chế độ củng cố: quan hệ đồng tác giả hiện có làm tăng điểm (lệnh `hoptac rank --mode new` xếp hạng để tìm đối tác mới).",
    note_english: "Phần giải thích điểm do bộ máy tính điểm tạo ra và được viết bằng tiếng Anh.",
    expertise: "chuyên môn",
    cohesion: "gắn kết",
    diversity: "đa dạng",
    tasks: "Nhiệm vụ",
    tasks_title: "Nhiệm vụ khoa học và công nghệ: một nhóm cho mỗi nhiệm vụ",
    tasks_intro: "Mỗi nhiệm vụ một nhóm, phân công đúng như lệnh `hoptac teams --calls` với cùng tệp: mỗi nhà nghiên cứu tham gia tối đa max_teams nhóm trong số này, không trường nào chiếm quá một nửa tổng số chỗ, và nhiệm vụ nào thiệt nhiều nhất khi mất lựa chọn đầu tiên được chọn trước (không theo thứ tự trong tệp). Lĩnh vực và trình độ tối thiểu được đọc từ nội dung nhiệm vụ khi nhiệm vụ không nêu; tỉnh/thành làm cho các trường ở gần được ưu tiên (ưu tiên mềm, có trọng số, không bao giờ loại một nhóm). Các nhóm này không dùng chung lượt tham gia với các nhóm theo lĩnh vực của báo cáo.",
    tasks_from: "nhiệm vụ từ tệp",
    tasks_filled: "Nhiệm vụ lập được nhóm",
    task: "Nhiệm vụ",
    problem: "Nội dung",
    fields_read: "Lĩnh vực đọc từ nội dung",
    fields_read_hint: "muốn thay đổi, sửa và ghi vào cột fields của tệp",
    fields_given: "Lĩnh vực yêu cầu",
    province: "Tỉnh/thành",
    province_pref: "các trường ở gần được ưu tiên, trọng số",
    topic_pref: "Mức khớp chủ đề của thành viên với nội dung, trọng số",
    no_problem: "nhiệm vụ không có nội dung, chỉ có lĩnh vực",
    why_team: "Vì sao chọn nhóm này",
    preferences: "ưu tiên",
    mean_topic: "mức khớp chủ đề trung bình",
    mean_near: "mức gần trung bình tới",
    total_vs_reference: "Tổng điểm so với tham chiếu (nhóm tốt nhất của mỗi nhiệm vụ khi xét riêng)",
    seats: "Số chỗ theo trường",
    capacity_taken_tasks: "nhiệm vụ có thể có nhóm nếu xét riêng, nhưng những người cần thiết đã tham gia nhóm của các nhiệm vụ khác đến giới hạn max_teams (hoặc trường của họ đã chiếm đủ phần chỗ)",
    filled: "có nhóm",
    unfilled: "không lập được nhóm",
};

pub const EN: Labels = Labels {
    report_title: "Research cooperation report",
    overview: "Overview",
    field: "Field",
    fields: "Fields",
    university: "University",
    universities: "Universities",
    headline: "Headline figures",
    researchers: "Researchers",
    labs: "Labs",
    coauthorships: "Co-authorships",
    inter_university: "Inter-university co-authorships",
    expertise_entries: "Expertise entries",
    heatmap: "University strength by field",
    heatmap_caption: "The darker the cell, the stronger the university in the field (strength score 0–1: impact relative to the strongest university, and specialisation).",
    coauthor_map: "Map of inter-university co-authorship",
    coauthor_map_caption: "Each arc joins two universities that publish together; the thicker the arc, the more co-author pairs. Nodes are coloured by region.",
    strongest_links: "Strongest inter-university links",
    leaders: "Leading universities",
    partner: "Partner",
    partners: "Partners",
    partner_matrix: "Partner matrix",
    partner_matrix_caption: "Row: university; column: partner; cell: partner score (darker is a better match).",
    teams: "Proposed research teams",
    teams_intro: "Each call: 3–5 members, at least 2 universities, at least 2 regions when the data has them, minimum level 0.5 in every required field.",
    field_alone: "The field alone",
    with_related: "Together with",
    team: "Team",
    no_team: "No team can be formed",
    lab_sharing: "Lab-sharing opportunities",
    lab_sharing_intro: "Labs at one university that researchers of another could use for this field.",
    best_partners: "Best partner per field",
    teams_of_university: "Proposed teams with members from this university",
    borrow: "Labs the university can borrow",
    lend: "Labs the university can lend",
    none: "None",
    synthetic_note: "Built-in data: the researchers, co-authorships and labs are synthetic (generated), not real people.",
    written_for: "Written for",
    sharing_policy: "data-sharing policy",
    related_fields: "Related fields",
    region: "Region",
    city: "City",
    score: "Score",
    legend_low: "low",
    legend_high: "high",
    notes: "Notes",
    generated: "Generated by hoptac",
    data_tables: "Data tables (CSV, JSON)",
    back_to_overview: "Back to the overview",
    contents: "Contents",
    note_teams_per_call: "Teams proposed per call, at most",
    note_mode: "Partner scores use strengthen mode: existing co-authorship raises the score (`hoptac rank --mode new` ranks for new partners).",
    note_english: "Score explanations come from the scoring engine and are in English.",
    expertise: "expertise",
    cohesion: "cohesion",
    diversity: "diversity",
    tasks: "Tasks",
    tasks_title: "Science and technology tasks: one team per task",
    tasks_intro: "One team per task, assigned exactly as `hoptac teams --calls` assigns them for the same file: each researcher sits in at most max_teams of these teams, no university takes more than half of all seats, and the tasks that lose most without their first choice choose first (not the file's order). The fields and minimum levels are read from the problem statement when the task names none; a province makes universities nearer to it preferred (a soft preference with its weight, never a reason to reject a team). These teams do not share seats with the report's field calls.",
    tasks_from: "tasks from",
    tasks_filled: "Tasks with a team",
    task: "Task",
    problem: "Problem",
    fields_read: "Fields read from the text",
    fields_read_hint: "to change them, edit them into the file's fields column",
    fields_given: "Required fields",
    province: "Province",
    province_pref: "universities nearer to it are preferred, weight",
    topic_pref: "Members' topic match to the problem, weight",
    no_problem: "the task gives fields, no problem statement",
    why_team: "Why this team",
    preferences: "preferences",
    mean_topic: "mean topic match",
    mean_near: "mean nearness to",
    total_vs_reference: "Total score against the reference (each task's best team on its own)",
    seats: "Seats per university",
    capacity_taken_tasks: "the task has a team on its own, but the people it needs already sit in other tasks' teams up to their max_teams (or their university has taken its share of seats)",
    filled: "filled",
    unfilled: "unfilled",
};

/// A region's name.
pub fn region(lang: Lang, r: Region) -> &'static str {
    match (lang, r) {
        (Lang::Vi, Region::North) => "Miền Bắc",
        (Lang::Vi, Region::Central) => "Miền Trung",
        (Lang::Vi, Region::South) => "Miền Nam",
        (Lang::Vi, Region::International) => "Quốc tế",
        (Lang::En, Region::North) => "North",
        (Lang::En, Region::Central) => "Central",
        (Lang::En, Region::South) => "South",
        (Lang::En, Region::International) => "International",
    }
}

/// A title's name (the Vietnamese academic ladder GS, PGS, TS, ThS).
pub fn title(lang: Lang, t: Title) -> &'static str {
    match (lang, t) {
        (Lang::Vi, Title::Professor) => "GS",
        (Lang::Vi, Title::AssociateProfessor) => "PGS",
        (Lang::Vi, Title::Doctor) => "TS",
        (Lang::Vi, Title::Master) => "ThS",
        (Lang::Vi, Title::Other) => "",
        (Lang::En, Title::Professor) => "Prof.",
        (Lang::En, Title::AssociateProfessor) => "Assoc. Prof.",
        (Lang::En, Title::Doctor) => "Dr",
        (Lang::En, Title::Master) => "MSc",
        (Lang::En, Title::Other) => "",
    }
}

/// The display name of a table column (CSV and JSON keep the column key itself).
pub fn column(lang: Lang, key: &str) -> String {
    let vi = match key {
        "rank" => "Hạng",
        "university" => "Trường",
        "name" => "Tên",
        "score" => "Điểm",
        "researchers" => "Số nhà nghiên cứu",
        "level_sum" => "Tổng trình độ",
        "impact" => "Tác động",
        "activity_index" => "Chỉ số chuyên sâu",
        "best" => "Đối tác tốt nhất",
        "partner" => "Đối tác",
        "field" => "Lĩnh vực",
        "lab" => "Phòng thí nghiệm",
        "host" => "Trường chủ quản",
        "beneficiary" => "Trường sử dụng",
        "demand" => "Nhu cầu",
        "capacity" => "Công suất",
        "distance" => "Khoảng cách",
        "ties" => "Quan hệ",
        "equipment" => "Thiết bị",
        "strength" => "Thế mạnh",
        "complementarity" => "Bổ trợ",
        "labs" => "Phòng thí nghiệm",
        "region" => "Vùng",
        "activity" => "Mức hợp tác",
        "topics" => "Chủ đề chung",
        "country" => "Gắn kết quốc gia",
        "researcher" => "Nhà nghiên cứu",
        "title" => "Học hàm, học vị",
        "covers" => "Đáp ứng",
        "fields" => "Chuyên môn",
        "call" => "Đợt gọi",
        "team" => "Nhóm",
        "members" => "Thành viên",
        "university_a" => "Trường A",
        "university_b" => "Trường B",
        "coauthorships" => "Cặp đồng tác giả",
        "papers" => "Bài báo chung",
        "city" => "Thành phố",
        "short_name" => "Tên viết tắt",
        "leader" => "Trường dẫn đầu",
        "lab_name" => "Tên phòng thí nghiệm",
        "access" => "Quyền sử dụng",
        "id" => "Mã",
        "name_vi" => "Tên tiếng Việt",
        "name_en" => "Tên tiếng Anh",
        "related" => "Lĩnh vực liên quan",
        "calls" => "Đợt gọi",
        "calls_filled" => "Đợt gọi lập được nhóm",
        "role" => "Vai trò",
        "with" => "Kết hợp với",
        "description" => "Mô tả",
        "solver" => "Bộ giải",
        "pool" => "Số ứng viên",
        "teams" => "Số nhóm",
        "reason" => "Lý do",
        "universities" => "Các trường",
        "task" => "Nhiệm vụ",
        "problem" => "Nội dung",
        "province" => "Tỉnh/thành",
        "status" => "Kết quả",
        "topic" => "Khớp chủ đề",
        "near" => "Mức gần",
        "fields_from" => "Lĩnh vực lấy từ",
        "topic_weight" => "Trọng số khớp chủ đề",
        "near_weight" => "Trọng số mức gần",
        "expertise" => "Chuyên môn",
        "cohesion" => "Gắn kết",
        "diversity" => "Đa dạng",
        "preferences" => "Ưu tiên",
        _ => "",
    };
    match lang {
        Lang::Vi if !vi.is_empty() => vi.to_string(),
        _ => key.replace('_', " "),
    }
}

/// The note above a field page's partner matrix when it shows only the `shown` strongest of
/// `total` universities; the names of the data files (or a command) follow it.
pub fn matrix_shown(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "Ma trận chỉ gồm {shown} trường mạnh nhất trong lĩnh vực (trên {total} trường), theo thứ tự của bộ dữ liệu; đối tác tốt nhất của mỗi trường có ở trang của trường, toàn bộ ma trận ở bảng dữ liệu partners:"
        ),
        Lang::En => format!(
            "The matrix shows only the {shown} strongest universities in the field (of {total}), in the dataset's order; every university's best partner is on its page, and the whole matrix is the partners data table:"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_labels_keep_their_diacritics() {
        let l = Lang::Vi.labels();
        assert_eq!(l.overview, "Tổng quan");
        assert_eq!(l.field, "Lĩnh vực");
        assert_eq!(l.university, "Trường đại học");
        assert_eq!(l.partner, "Đối tác");
        assert_eq!(l.teams, "Nhóm nghiên cứu đề xuất");
        assert_eq!(l.labs, "Phòng thí nghiệm");
        // Precomposed (NFC) letters, as Vietnamese text is normally written.
        use unicode_normalization::UnicodeNormalization;
        assert_eq!(l.teams.nfc().collect::<String>(), l.teams);
    }

    #[test]
    fn languages_parse_and_columns_translate() {
        assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(column(Lang::Vi, "partner"), "Đối tác");
        assert_eq!(column(Lang::En, "level_sum"), "level sum");
        assert_eq!(column(Lang::Vi, "unknown_key"), "unknown key");
    }
}
