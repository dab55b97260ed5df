//! Our language scoring must answer exactly as whatlang 0.18.0 does: same
//! language, script, and confidence to the last bit (so the same reliability),
//! with and without an allow-list, and `detect_with_hint` must answer as its
//! former whatlang-only version did. Texts: sentences in every language of the
//! Latin and Cyrillic scripts, their cuts, repetitions across the 1 KiB and
//! 3 KiB sample limits, mixtures, case and punctuation variants, other
//! scripts, and random strings from a fixed seed.

use fastrand::Rng;
use whatlang::{Detector, Info, Lang};
use wirewatch_extract::lang::{detect_info, detect_info_among, detect_with_hint, iso_639_1};

/// One or two news-like sentences per language (written for this test).
const SENTENCES: &[(&str, &str)] = &[
    ("afr", "Die stadsraad het Dinsdag besluit om die tremnetwerk uit te brei, ná maande se debat oor die koste en die roetes."),
    ("aka", "Kuro no mu badwafo no kaa sɛ wɔbɛyɛ kwan foforɔ ama nkurɔfoɔ a wɔte kuro no mu, na ɔhene no penee so."),
    ("aze", "Şəhər şurası çərşənbə axşamı tramvay şəbəkəsini genişləndirmək qərarına gəldi, xərclər barədə aylarla müzakirə aparıldı."),
    ("cat", "L'ajuntament va aprovar dimarts l'ampliació de la xarxa de tramvia després de mesos de debat sobre els costos i els recorreguts."),
    ("ces", "Městská rada v úterý rozhodla o rozšíření tramvajové sítě po měsících sporů o náklady, trasy a dopady na obchody."),
    ("cym", "Pleidleisiodd y cyngor ddydd Mawrth i ehangu'r rhwydwaith tramiau ar ôl misoedd o ddadlau am y costau a'r llwybrau."),
    ("dan", "Byrådet besluttede tirsdag at udvide sporvognsnettet efter flere måneders debat om udgifterne, ruterne og følgerne for butikkerne."),
    ("deu", "Der Stadtrat hat am Dienstag beschlossen, das Straßenbahnnetz zu erweitern, nachdem monatelang über Kosten und Strecken gestritten worden war."),
    ("eng", "The city council voted on Tuesday to expand the tram network after months of argument about the costs and the routes."),
    ("epo", "La urba konsilio decidis marde vastigi la tramreton post monatoj da diskutoj pri la kostoj kaj la itineroj; ĉiuj ŝatas ĝin."),
    ("est", "Linnavolikogu otsustas teisipäeval trammivõrku laiendada pärast kuid kestnud vaidlust kulude ja marsruutide üle."),
    ("fin", "Kaupunginvaltuusto päätti tiistaina laajentaa raitiotieverkkoa kuukausia kestäneen kiistan jälkeen kustannuksista ja reiteistä."),
    ("fra", "Le conseil municipal a décidé mardi d'étendre le réseau de tramway, après des mois de disputes sur les coûts et les tracés."),
    ("hrv", "Gradsko vijeće u utorak je odlučilo proširiti tramvajsku mrežu nakon višemjesečne rasprave o troškovima i trasama."),
    ("hun", "A városi közgyűlés kedden döntött a villamoshálózat bővítéséről, miután hónapokig vitatkoztak a költségekről és az útvonalakról."),
    ("ind", "Dewan kota pada hari Selasa memutuskan untuk memperluas jaringan trem setelah berbulan-bulan perdebatan tentang biaya dan rute."),
    ("ita", "Il consiglio comunale ha deciso martedì di ampliare la rete tranviaria dopo mesi di discussioni sui costi e sui percorsi."),
    ("jav", "Dewan kutha ing dina Selasa mutusaké kanggo nggedhékaké jaringan trem sawisé pirang-pirang sasi rembugan bab biaya lan dalan."),
    ("lat", "Senatus urbis die Martis decrevit viam ferream extendere, postquam multos menses de sumptibus et itineribus disputatum est."),
    ("lav", "Pilsētas dome otrdien nolēma paplašināt tramvaju tīklu pēc mēnešiem ilgām debatēm par izmaksām un maršrutiem."),
    ("lit", "Miesto taryba antradienį nusprendė išplėsti tramvajų tinklą po kelis mėnesius trukusių ginčų dėl išlaidų ir maršrutų."),
    ("nld", "De gemeenteraad heeft dinsdag besloten het tramnet uit te breiden, na maanden van discussie over de kosten en de routes."),
    ("nob", "Bystyret vedtok tirsdag å utvide trikkenettet etter flere måneders debatt om kostnadene, rutene og følgene for butikkene."),
    ("pol", "Rada miasta zdecydowała we wtorek o rozbudowie sieci tramwajowej po wielomiesięcznych sporach o koszty i trasy przejazdu."),
    ("por", "A câmara municipal decidiu na terça-feira ampliar a rede de elétricos, após meses de discussão sobre os custos e os percursos."),
    ("ron", "Consiliul local a hotărât marţi extinderea reţelei de tramvai, după luni de dezbateri privind costurile şi traseele."),
    ("slk", "Mestské zastupiteľstvo v utorok rozhodlo o rozšírení električkovej siete po mesiacoch sporov o náklady a trasy."),
    ("slv", "Mestni svet je v torek sklenil razširiti tramvajsko omrežje po mesecih razprav o stroških in progah."),
    ("sna", "Kanzura yeguta yakasarudza neChipiri kuwedzera mugwagwa wetiramu mushure memwedzi yekukakavadzana pamusoro pemari nenzira."),
    ("spa", "El ayuntamiento aprobó el martes la ampliación de la red de tranvía tras meses de debate sobre los costes y las rutas."),
    ("swe", "Kommunfullmäktige beslutade på tisdagen att bygga ut spårvägsnätet efter månader av debatt om kostnaderna och sträckorna."),
    ("tgl", "Nagpasya ang konseho ng lungsod noong Martes na palawakin ang network ng tram matapos ang ilang buwang pagtatalo tungkol sa gastos."),
    ("tuk", "Şäher geňeşi sişenbe güni tramwaý ulgamyny giňeltmek barada karar berdi, çykdajylar hakynda aýlarça jedel boldy."),
    ("tur", "Belediye meclisi salı günü, maliyetler ve güzergâhlar hakkında aylarca süren tartışmaların ardından tramvay ağını genişletme kararı aldı."),
    ("uzb", "Shahar kengashi seshanba kuni xarajatlar va yoʻnalishlar haqida oylab davom etgan bahslardan soʻng tramvay tarmogʻini kengaytirishga qaror qildi."),
    ("vie", "Hội đồng thành phố hôm thứ Ba đã quyết định mở rộng mạng lưới xe điện sau nhiều tháng tranh luận về chi phí và tuyến đường."),
    ("zul", "Umkhandlu wedolobha unqume ngoLwesibili ukwandisa inethiwekhi yamathilamu ngemuva kwezinyanga zempikiswano ngezindleko nemizila."),
    ("rus", "Городской совет во вторник проголосовал за расширение трамвайной сети после нескольких месяцев споров о расходах и маршрутах."),
    ("ukr", "Міська рада у вівторок ухвалила рішення розширити трамвайну мережу після кількох місяців суперечок щодо витрат і маршрутів."),
    ("bel", "Гарадскі савет у аўторак прагаласаваў за пашырэнне трамвайнай сеткі пасля некалькіх месяцаў спрэчак пра выдаткі і маршруты."),
    ("bul", "Общинският съвет реши във вторник да разшири трамвайната мрежа след месеци спорове за разходите и маршрутите."),
    ("srp", "Градско веће је у уторак одлучило да прошири трамвајску мрежу после вишемесечне расправе о трошковима и трасама."),
    ("mkd", "Градскиот совет во вторникот одлучи да ја прошири трамвајската мрежа по неколкумесечни расправи за трошоците и трасите."),
];

/// Texts in other scripts, which whatlang answers itself.
const OTHER_SCRIPTS: &[&str] = &[
    "صوّت المجلس البلدي يوم الثلاثاء على توسيع شبكة الترام بعد أشهر من النقاش حول التكاليف والمسارات.",
    "नगर परिषद ने मंगलवार को ट्राम नेटवर्क का विस्तार करने का फैसला किया।",
    "מועצת העיר החליטה ביום שלישי להרחיב את רשת החשמלית.",
    "市议会周二投票决定扩建有轨电车网络。",
    "市議会は火曜日、路面電車の路線網を拡張することを決めた。",
    "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να επεκτείνει το δίκτυο του τραμ.",
    "시의회는 화요일 트램 노선망을 확장하기로 결정했다.",
];

/// Fixed punctuation-only, number-only and symbol texts.
const ODD_TEXTS: &[&str] = &[
    "",
    " ",
    "...",
    "2025 – 15.08. – 14:03 Uhr – 3:1 (2:0) – 100 %",
    "😀😀😀 🎉",
    "a",
    "A",
    "ß",
    "Σ ΣΑΣ abc",
    "ǅ ǈ Ǳ İstanbul",
    "\u{0301}\u{0300} e\u{0301}",
    "x\u{200b}y\u{feff}z",
    "http://example.com/a-b-c?d=e&f=g",
    "ABC DEF GHI JKL",
    "Mr. Smith – Hr. Müller – M. Dupont",
];

/// Asserts that our answer for `text` equals whatlang's, bit for bit.
fn assert_same(label: &str, text: &str) {
    assert_same_info(label, text, detect_info(text), whatlang::detect(text));
}

fn assert_same_among(label: &str, text: &str, allowed: &[Lang]) {
    let theirs = Detector::with_allowlist(allowed.to_vec()).detect(text);
    assert_same_info(label, text, detect_info_among(text, allowed), theirs);
}

fn assert_same_info(label: &str, text: &str, ours: Option<Info>, theirs: Option<Info>) {
    let key = |info: &Option<Info>| {
        info.as_ref().map(|i| (i.lang(), i.script(), i.confidence().to_bits(), i.is_reliable()))
    };
    assert_eq!(key(&ours), key(&theirs), "{label}: {:?}", text.get(..text.len().min(200)));
}

/// The version of `detect_with_hint` that called whatlang for everything
/// (wirewatch before the vendored scoring), as the reference.
fn reference_detect_with_hint(text: &str, declared: Option<&str>) -> Option<String> {
    let sample_of = |limit: usize| {
        let mut end = limit.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    };
    let first = sample_of(1024);
    first.chars().filter(|c| c.is_alphabetic()).nth(19)?;
    if first.len() < text.len() {
        if let Some(info) = whatlang::detect(first).filter(|info| info.is_reliable()) {
            return iso_639_1(info.lang()).map(str::to_owned);
        }
    }
    let sample = sample_of(3 * 1024);
    let info = whatlang::detect(sample)?;
    if info.is_reliable() {
        return iso_639_1(info.lang()).map(str::to_owned);
    }
    let primary = declared?.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let declared = match primary.len() {
        2 => Lang::all().iter().copied().find(|lang| iso_639_1(*lang) == Some(primary.as_str())),
        3 => Lang::from_code(primary),
        _ => None,
    }?;
    if declared == info.lang() {
        return iso_639_1(declared).map(str::to_owned);
    }
    let duel = Detector::with_allowlist(vec![declared, info.lang()]).detect(sample)?;
    if duel.lang() == declared && duel.confidence() > 0.0 {
        return iso_639_1(declared).map(str::to_owned);
    }
    None
}

const HINTS: &[Option<&str>] =
    &[None, Some("de"), Some("en-US"), Some("nl"), Some("ru"), Some("xx"), Some("deu")];

fn assert_same_with_hints(label: &str, text: &str) {
    for hint in HINTS {
        assert_eq!(
            detect_with_hint(text, *hint),
            reference_detect_with_hint(text, *hint),
            "{label}, declared {hint:?}: {:?}",
            text.get(..text.len().min(200))
        );
    }
}

/// Texts derived from the sentences: each alone, word prefixes (headlines),
/// upper case, with digits and punctuation, repeated past the sample limits.
fn derived_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for (code, sentence) in SENTENCES {
        texts.push((code.to_string(), sentence.to_string()));
        let words: Vec<&str> = sentence.split(' ').collect();
        for n in 1..words.len() {
            texts.push((format!("{code} first {n} words"), words[..n].join(" ")));
        }
        texts.push((format!("{code} upper"), sentence.to_uppercase()));
        texts
            .push((format!("{code} numbered"), format!("12.03.2025, 14:30 Uhr — {sentence} (Foto: dpa) 😀")));
        for repeat in [4, 9, 10, 12, 25, 30] {
            texts.push((format!("{code} x{repeat}"), vec![*sentence; repeat].join(" ")));
        }
    }
    texts
}

/// Mixtures: two languages one after the other and word by word.
fn mixed_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for (i, (code_a, a)) in SENTENCES.iter().enumerate() {
        for (code_b, b) in SENTENCES.iter().skip(i + 1).step_by(3) {
            texts.push((format!("{code_a}+{code_b}"), format!("{a} {b}")));
            let interleaved: Vec<&str> = a.split(' ').zip(b.split(' ')).flat_map(|(x, y)| [x, y]).collect();
            texts.push((format!("{code_a}/{code_b} interleaved"), interleaved.join(" ")));
        }
    }
    texts
}

/// Random strings from a fixed seed: letters of every script in the test,
/// combining marks, digits, punctuation, spaces and emoji, in random runs.
fn random_texts(count: usize) -> Vec<(String, String)> {
    let mut pool: Vec<char> = SENTENCES.iter().flat_map(|(_, s)| s.chars()).collect();
    pool.extend(OTHER_SCRIPTS.iter().flat_map(|s| s.chars()));
    pool.extend(
        "0123456789 .,;:!?-–—()[]{}\"'„“«»/\\|@#%&*+=_~^`\u{0301}\u{0308}\u{00a0}\u{200b}😀🎉ΣσςİIıǅ".chars(),
    );
    pool.sort_unstable();
    pool.dedup();
    let words: Vec<&str> = SENTENCES.iter().flat_map(|(_, s)| s.split(' ')).collect();
    let mut rng = Rng::with_seed(0x5eed_1a46_0000_0008);
    (0..count)
        .map(|i| {
            let len = match rng.usize(..4) {
                0 => rng.usize(..40),
                1 => rng.usize(..400),
                2 => 900 + rng.usize(..300),
                _ => 2900 + rng.usize(..400),
            };
            let mut text = String::new();
            while text.chars().count() < len {
                if rng.usize(..3) == 0 {
                    text.push(pool[rng.usize(..pool.len())]);
                } else {
                    text.push_str(words[rng.usize(..words.len())]);
                    text.push(' ');
                }
            }
            (format!("random #{i}"), text)
        })
        .collect()
}

#[test]
fn every_sentence_and_its_variants_score_as_whatlang() {
    for (label, text) in derived_texts() {
        assert_same(&label, &text);
    }
    for text in OTHER_SCRIPTS.iter().chain(ODD_TEXTS) {
        assert_same("fixed", text);
    }
}

#[test]
fn mixtures_score_as_whatlang() {
    for (label, text) in mixed_texts() {
        assert_same(&label, &text);
    }
}

#[test]
fn random_texts_score_as_whatlang() {
    for (label, text) in random_texts(600) {
        assert_same(&label, &text);
    }
}

#[test]
fn allow_lists_score_as_whatlang() {
    let pairs: &[&[Lang]] = &[
        &[Lang::Deu, Lang::Eng],
        &[Lang::Eng, Lang::Nld],
        &[Lang::Dan, Lang::Nob],
        &[Lang::Rus, Lang::Ukr],
        &[Lang::Eng],
        &[Lang::Ara, Lang::Deu],
        &[Lang::Cmn, Lang::Jpn],
        &[],
    ];
    let texts: Vec<(String, String)> =
        derived_texts().into_iter().step_by(5).chain(mixed_texts().into_iter().step_by(3)).collect();
    for (label, text) in &texts {
        for allowed in pairs {
            assert_same_among(&format!("{label} among {allowed:?}"), text, allowed);
        }
    }
    for text in OTHER_SCRIPTS.iter().chain(ODD_TEXTS) {
        for allowed in pairs {
            assert_same_among("fixed", text, allowed);
        }
    }
}

#[test]
fn detect_with_hint_answers_as_before() {
    let texts: Vec<(String, String)> = derived_texts()
        .into_iter()
        .chain(mixed_texts().into_iter().step_by(2))
        .chain(random_texts(200))
        .chain(OTHER_SCRIPTS.iter().chain(ODD_TEXTS).map(|t| ("fixed".to_owned(), t.to_string())))
        .collect();
    for (label, text) in &texts {
        assert_same_with_hints(label, text);
    }
}

/// The shared corpora folder (`$WIREWATCH_SHARED`, else `<workspace>/../shared`).
fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os("WIREWATCH_SHARED") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("corpora").exists().then_some(dir)
}

/// Real article bodies: the gold texts of scrapinghub-aeb, whole and as the
/// leading samples `detect_with_hint` reads.
#[test]
fn corpus_article_bodies_score_as_whatlang() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let path = shared.join("corpora/scrapinghub-aeb/ground-truth.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&json).expect("ground truth is JSON");
    let bodies: Vec<&str> = gold
        .as_object()
        .expect("object of pages")
        .values()
        .filter_map(|page| page["articleBody"].as_str())
        .collect();
    assert!(bodies.len() > 100, "only {} bodies", bodies.len());
    for (i, body) in bodies.iter().enumerate() {
        for limit in [256, 1024, 3 * 1024] {
            let mut end = limit.min(body.len());
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            assert_same(&format!("page {i}, {limit} bytes"), &body[..end]);
        }
        assert_same_with_hints(&format!("page {i}"), body);
    }
}

/// Random bytes from a fixed seed, decoded leniently (replacement chars,
/// control chars, stray multi-byte sequences), with some ASCII letters mixed
/// in so that many have a script: never a panic, always whatlang's answer.
#[test]
fn random_byte_strings_score_as_whatlang() {
    let mut rng = Rng::with_seed(0xb17e_5eed_0000_0002);
    for i in 0..400 {
        let len = [8, 64, 1000, 1030, 3100][rng.usize(..5)];
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.usize(..4) {
                0 => b'a' + rng.usize(..26) as u8,
                1 => b' ',
                _ => rng.u8(..),
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        assert_same(&format!("bytes #{i}"), &text);
        assert_same_with_hints(&format!("bytes #{i}"), &text);
    }
}
