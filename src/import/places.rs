//! Countries and Vietnamese cities as affiliation strings write them: the last comma part of
//! an affiliation names the country (`Viet Nam`, `Vietnam`, `USA`, `Peoples R China`, `TX 77030
//! USA`), and a Vietnamese affiliation usually names its city (`Hanoi`, `Ho Chi Minh City`,
//! `Da Nang`). Everything is compared after [`crate::text::fold`].

use crate::text::fold;

/// Folded country names (and the abbreviations Web of Science and Scopus use) → ISO 3166
/// alpha-2 code. Matched as a whole-word suffix of the affiliation's last part, longest first.
const COUNTRIES: &[(&str, &str)] = &[
    ("viet nam", "VN"),
    ("vietnam", "VN"),
    ("socialist republic of vietnam", "VN"),
    ("usa", "US"),
    ("united states", "US"),
    ("united states of america", "US"),
    ("us", "US"),
    ("peoples r china", "CN"),
    ("people s republic of china", "CN"),
    ("peoples republic of china", "CN"),
    ("china", "CN"),
    ("pr china", "CN"),
    ("p r china", "CN"),
    ("hong kong", "HK"),
    ("taiwan", "TW"),
    ("macau", "MO"),
    ("macao", "MO"),
    ("japan", "JP"),
    ("south korea", "KR"),
    ("korea", "KR"),
    ("republic of korea", "KR"),
    ("north korea", "KP"),
    ("singapore", "SG"),
    ("malaysia", "MY"),
    ("thailand", "TH"),
    ("indonesia", "ID"),
    ("philippines", "PH"),
    ("cambodia", "KH"),
    ("laos", "LA"),
    ("lao pdr", "LA"),
    ("myanmar", "MM"),
    ("brunei", "BN"),
    ("india", "IN"),
    ("pakistan", "PK"),
    ("bangladesh", "BD"),
    ("sri lanka", "LK"),
    ("nepal", "NP"),
    ("iran", "IR"),
    ("iraq", "IQ"),
    ("israel", "IL"),
    ("jordan", "JO"),
    ("lebanon", "LB"),
    ("saudi arabia", "SA"),
    ("u arab emirates", "AE"),
    ("united arab emirates", "AE"),
    ("uae", "AE"),
    ("qatar", "QA"),
    ("kuwait", "KW"),
    ("oman", "OM"),
    ("bahrain", "BH"),
    ("turkey", "TR"),
    ("turkiye", "TR"),
    ("kazakhstan", "KZ"),
    ("uzbekistan", "UZ"),
    ("england", "GB"),
    ("scotland", "GB"),
    ("wales", "GB"),
    ("north ireland", "GB"),
    ("northern ireland", "GB"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("great britain", "GB"),
    ("ireland", "IE"),
    ("france", "FR"),
    ("germany", "DE"),
    ("fed rep ger", "DE"),
    ("netherlands", "NL"),
    ("the netherlands", "NL"),
    ("belgium", "BE"),
    ("luxembourg", "LU"),
    ("switzerland", "CH"),
    ("austria", "AT"),
    ("italy", "IT"),
    ("spain", "ES"),
    ("portugal", "PT"),
    ("denmark", "DK"),
    ("norway", "NO"),
    ("sweden", "SE"),
    ("finland", "FI"),
    ("iceland", "IS"),
    ("poland", "PL"),
    ("czech republic", "CZ"),
    ("czechia", "CZ"),
    ("slovakia", "SK"),
    ("hungary", "HU"),
    ("romania", "RO"),
    ("bulgaria", "BG"),
    ("greece", "GR"),
    ("cyprus", "CY"),
    ("malta", "MT"),
    ("slovenia", "SI"),
    ("croatia", "HR"),
    ("serbia", "RS"),
    ("bosnia herceg", "BA"),
    ("bosnia and herzegovina", "BA"),
    ("north macedonia", "MK"),
    ("albania", "AL"),
    ("estonia", "EE"),
    ("latvia", "LV"),
    ("lithuania", "LT"),
    ("belarus", "BY"),
    ("ukraine", "UA"),
    ("russia", "RU"),
    ("russian federation", "RU"),
    ("ussr", "RU"),
    ("georgia republic", "GE"),
    ("armenia", "AM"),
    ("azerbaijan", "AZ"),
    ("canada", "CA"),
    ("mexico", "MX"),
    ("brazil", "BR"),
    ("argentina", "AR"),
    ("chile", "CL"),
    ("colombia", "CO"),
    ("peru", "PE"),
    ("venezuela", "VE"),
    ("ecuador", "EC"),
    ("uruguay", "UY"),
    ("cuba", "CU"),
    ("costa rica", "CR"),
    ("panama", "PA"),
    ("australia", "AU"),
    ("new zealand", "NZ"),
    ("papua n guinea", "PG"),
    ("fiji", "FJ"),
    ("south africa", "ZA"),
    ("egypt", "EG"),
    ("morocco", "MA"),
    ("algeria", "DZ"),
    ("tunisia", "TN"),
    ("nigeria", "NG"),
    ("ghana", "GH"),
    ("kenya", "KE"),
    ("ethiopia", "ET"),
    ("tanzania", "TZ"),
    ("uganda", "UG"),
    ("rwanda", "RW"),
    ("cameroon", "CM"),
    ("senegal", "SN"),
    ("zimbabwe", "ZW"),
    ("zambia", "ZM"),
    ("malawi", "MW"),
    ("mozambique", "MZ"),
    ("botswana", "BW"),
    ("namibia", "NA"),
    ("sudan", "SD"),
];

/// Vietnamese cities and provinces (folded, with common English spellings) → region.
const VN_CITIES: &[(&str, &str, &str)] = &[
    // (folded spelling, city as written in output, region)
    ("ha noi", "Hà Nội", "north"),
    ("hanoi", "Hà Nội", "north"),
    ("ho chi minh", "TP. Hồ Chí Minh", "south"),
    ("ho chi minh city", "TP. Hồ Chí Minh", "south"),
    ("hochiminh", "TP. Hồ Chí Minh", "south"),
    ("hcmc", "TP. Hồ Chí Minh", "south"),
    ("tp hcm", "TP. Hồ Chí Minh", "south"),
    ("tphcm", "TP. Hồ Chí Minh", "south"),
    ("sai gon", "TP. Hồ Chí Minh", "south"),
    ("saigon", "TP. Hồ Chí Minh", "south"),
    ("thu duc", "TP. Hồ Chí Minh", "south"),
    ("da nang", "Đà Nẵng", "central"),
    ("danang", "Đà Nẵng", "central"),
    ("hai phong", "Hải Phòng", "north"),
    ("haiphong", "Hải Phòng", "north"),
    ("can tho", "Cần Thơ", "south"),
    ("cantho", "Cần Thơ", "south"),
    ("hue", "Huế", "central"),
    ("thai nguyen", "Thái Nguyên", "north"),
    ("nam dinh", "Nam Định", "north"),
    ("vinh", "Vinh", "central"),
    ("nghe an", "Nghệ An", "central"),
    ("ha tinh", "Hà Tĩnh", "central"),
    ("thanh hoa", "Thanh Hóa", "central"),
    ("quy nhon", "Quy Nhơn", "central"),
    ("binh dinh", "Bình Định", "central"),
    ("nha trang", "Nha Trang", "central"),
    ("khanh hoa", "Khánh Hòa", "central"),
    ("buon ma thuot", "Buôn Ma Thuột", "central"),
    ("dak lak", "Đắk Lắk", "central"),
    ("da lat", "Đà Lạt", "central"),
    ("dalat", "Đà Lạt", "central"),
    ("lam dong", "Lâm Đồng", "central"),
    ("quang nam", "Quảng Nam", "central"),
    ("quang ngai", "Quảng Ngãi", "central"),
    ("quang binh", "Quảng Bình", "central"),
    ("quang tri", "Quảng Trị", "central"),
    ("phu yen", "Phú Yên", "central"),
    ("gia lai", "Gia Lai", "central"),
    ("kon tum", "Kon Tum", "central"),
    ("bien hoa", "Biên Hòa", "south"),
    ("dong nai", "Đồng Nai", "south"),
    ("thu dau mot", "Thủ Dầu Một", "south"),
    ("binh duong", "Bình Dương", "south"),
    ("vinh long", "Vĩnh Long", "south"),
    ("vung tau", "Vũng Tàu", "south"),
    ("long an", "Long An", "south"),
    ("tien giang", "Tiền Giang", "south"),
    ("an giang", "An Giang", "south"),
    ("kien giang", "Kiên Giang", "south"),
    ("ca mau", "Cà Mau", "south"),
    ("tra vinh", "Trà Vinh", "south"),
    ("ben tre", "Bến Tre", "south"),
    ("dong thap", "Đồng Tháp", "south"),
    ("soc trang", "Sóc Trăng", "south"),
    ("bac ninh", "Bắc Ninh", "north"),
    ("bac giang", "Bắc Giang", "north"),
    ("hai duong", "Hải Dương", "north"),
    ("hung yen", "Hưng Yên", "north"),
    ("vinh phuc", "Vĩnh Phúc", "north"),
    ("ninh binh", "Ninh Bình", "north"),
    ("thai binh", "Thái Bình", "north"),
    ("quang ninh", "Quảng Ninh", "north"),
    ("ha long", "Hạ Long", "north"),
    ("phu tho", "Phú Thọ", "north"),
    ("viet tri", "Việt Trì", "north"),
    ("lao cai", "Lào Cai", "north"),
    ("son la", "Sơn La", "north"),
    ("hoa binh", "Hòa Bình", "north"),
];

/// First-level regions (states, provinces) that affiliations write between the city and the
/// country (`Montréal, Québec, Canada`, `Chengdu, Sichuan, China`), folded.
const REGIONS: &[&str] = &[
    // United States
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "west virginia",
    "wisconsin",
    "wyoming",
    // Canada
    "quebec",
    "ontario",
    "ont",
    "british columbia",
    "alberta",
    "manitoba",
    "saskatchewan",
    "nova scotia",
    "new brunswick",
    "newfoundland",
    // Australia
    "new south wales",
    "victoria",
    "queensland",
    "qld",
    "tasmania",
    "south australia",
    "western australia",
    // China
    "anhui",
    "fujian",
    "gansu",
    "guangdong",
    "guangxi",
    "guizhou",
    "hainan",
    "hebei",
    "heilongjiang",
    "henan",
    "hubei",
    "hunan",
    "jiangsu",
    "jiangxi",
    "jilin",
    "liaoning",
    "qinghai",
    "shaanxi",
    "shandong",
    "shanxi",
    "sichuan",
    "yunnan",
    "zhejiang",
    "inner mongolia",
    "xinjiang",
    "tibet",
    // elsewhere
    "lancs",
    "s yorkshire",
    "berks",
    "bavaria",
    "bayern",
    "catalonia",
    "lombardy",
    "punjab",
    "maharashtra",
    "karnataka",
    "tamil nadu",
    "kerala",
    "gujarat",
    "sao paulo state",
];

/// Whether `part` is only a first-level region (a state or province), as folded words.
pub fn is_region(part: &str) -> bool {
    REGIONS.contains(&fold(part).as_str())
}

/// The ISO code of the country named at the end of `part` (an affiliation's last comma part),
/// matching whole words: `"TX 77030 USA"` → `US`, `"Peoples R China"` → `CN`.
pub fn country_code(part: &str) -> Option<&'static str> {
    country_suffix(part).map(|(code, _)| code)
}

/// [`country_code`] with the folded words of `part` before the country name.
pub fn country_suffix(part: &str) -> Option<(&'static str, Vec<String>)> {
    let folded = fold(part);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    // Longest suffix first (up to five words).
    for n in (1..=words.len().min(5)).rev() {
        let suffix = words[words.len() - n..].join(" ");
        if let Some((_, code)) = COUNTRIES.iter().find(|(name, _)| *name == suffix) {
            let before = words[..words.len() - n]
                .iter()
                .map(|w| w.to_string())
                .collect();
            return Some((code, before));
        }
    }
    None
}

/// A Vietnamese city named anywhere in `text`, as whole words: `(city, region)`.
pub fn vn_city(text: &str) -> Option<(&'static str, &'static str)> {
    let folded = format!(" {} ", fold(text));
    VN_CITIES
        .iter()
        .filter(|(k, _, _)| folded.contains(&format!(" {k} ")))
        .max_by_key(|(k, _, _)| k.len())
        .map(|(_, city, region)| (*city, *region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_from_the_last_part_of_an_affiliation() {
        assert_eq!(country_code("TX 77030 USA"), Some("US"));
        assert_eq!(country_code("Peoples R China."), Some("CN"));
        assert_eq!(country_code("Viet Nam"), Some("VN"));
        assert_eq!(country_code("United States"), Some("US"));
        assert_eq!(country_code("60-965 Poland"), Some("PL"));
        assert_eq!(country_code("South Korea"), Some("KR"));
        assert_eq!(country_code("Atlantis"), None);
    }

    #[test]
    fn vietnamese_cities_as_whole_words() {
        assert_eq!(vn_city("Ha Noi, Viet Nam"), Some(("Hà Nội", "north")));
        assert_eq!(
            vn_city("268 Ly Thuong Kiet, Ho Chi Minh City"),
            Some(("TP. Hồ Chí Minh", "south"))
        );
        assert_eq!(vn_city("Đà Nẵng"), Some(("Đà Nẵng", "central")));
        // "vinh" inside another word does not count
        assert_eq!(vn_city("Vinhomes Tower"), None);
    }
}
