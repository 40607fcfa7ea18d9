//! A minimal Typst `World`: the report template as the main source, the report data as the
//! virtual file `/data.json`, and the fonts shipped in the binary (Libertinus Serif, `fonts/`). Nothing is
//! read from the disk or the network.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Utc};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The report template.
const TEMPLATE: &str = include_str!("../../templates/report.typ");

/// The report's only typeface (the template sets Libertinus Serif and uses no math or raw
/// text), shipped in the binary; `fonts/OFL.txt` is its licence. Only these six files, not
/// all of typst-assets' fonts, keep the app under its size budget.
const FONT_FILES: [&[u8]; 6] = [
    include_bytes!("../../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Semibold.otf"),
    include_bytes!("../../fonts/LibertinusSerif-SemiboldItalic.otf"),
];

/// Fonts and their book, loaded once per process.
struct Fonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Fonts { fonts, book }
    })
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed, valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world of one report.
pub struct ReportWorld {
    library: LazyHash<Library>,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: DateTime<Utc>,
}

impl ReportWorld {
    /// A world whose `/data.json` holds `data` and whose today is `today`.
    pub fn new(data: Vec<u8>, today: DateTime<Utc>) -> Self {
        ReportWorld {
            library: LazyHash::new(Library::default()),
            main: Source::new(file_id("/report.typ"), TEMPLATE.to_string()),
            data_id: file_id("/data.json"),
            data: Bytes::new(data),
            today,
        }
    }
}

impl ReportWorld {
    /// The template line (1-based) a diagnostic points at, if it points into the template.
    pub fn template_line(&self, span: typst::syntax::DiagSpan) -> Option<usize> {
        use typst::WorldExt;
        let range = self.range(span)?;
        Some(
            TEMPLATE[..range.start.min(TEMPLATE.len())]
                .lines()
                .count()
                .max(1),
        )
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(TEMPLATE))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            self.today.month() as u8,
            self.today.day() as u8,
        )
    }
}
