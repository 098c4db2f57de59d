//! The zip container of a DOCX (PKWARE APPNOTE 6.3): each part deflated on its own
//! with the thread's libdeflate compressor (stored when deflating would not make it
//! smaller), every entry dated alike, no extra fields, comments or zip64 records.
//! A package too large for a plain zip (4 GiB, 65,535 parts) is refused.

use crate::writers::deflate;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
/// Version 2.0: deflate and folders, what every reader supports.
const VERSION: u16 = 20;
/// Made by a Unix system (high byte 3), so the external attributes are permissions.
const MADE_BY: u16 = (3 << 8) | VERSION;
/// `-rw-r--r--`, a regular file, in the high half of the external attributes.
const PERMISSIONS: u32 = 0o100_644 << 16;
/// General purpose flag 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// A date and time as zip stores them (MS-DOS format, two-second resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosTime {
    time: u16,
    date: u16,
}

impl DosTime {
    /// The time `seconds` after the Unix epoch (UTC), clamped to the range a zip
    /// file can hold (1980 to 2107).
    pub fn from_unix(seconds: i64) -> DosTime {
        let t = crate::civil::utc(seconds.clamp(315_532_800, 4_354_819_199));
        DosTime {
            time: (u16::from(t.hour) << 11) | (u16::from(t.minute) << 5) | u16::from(t.second / 2),
            date: ((t.year as u16 - 1980) << 9) | (u16::from(t.month) << 5) | u16::from(t.day),
        }
    }
}

/// Why a package cannot be zipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// More parts than a zip directory without zip64 can list.
    TooManyParts(usize),
    /// A part, a name or the whole archive passes the 4 GiB (or 64 KiB name) limit.
    TooLarge(String),
}

impl std::fmt::Display for ZipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ZipError::TooManyParts(n) => {
                write!(f, "{n} parts is more than a zip file can hold (65,535)")
            }
            ZipError::TooLarge(what) => write!(f, "{what} is larger than a zip file can hold"),
        }
    }
}

/// One entry's directory record, kept until the central directory is written.
struct Record {
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// Zips `entries` (`(name, bytes)`, in archive order), each dated `time`.
pub fn zip(entries: &[(String, Vec<u8>)], time: DosTime) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(entries.len()).map_err(|_| ZipError::TooManyParts(entries.len()))?;
    let total: usize = entries.iter().map(|(name, b)| name.len() + b.len()).sum();
    let mut out = Vec::with_capacity(total / 4 + 1024);
    let mut records = Vec::with_capacity(entries.len());
    for (name, bytes) in entries {
        let too_large = || ZipError::TooLarge(format!("part {name}"));
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        let size = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        let deflated = deflate::raw(bytes).filter(|d| d.len() < bytes.len());
        let (method, data) = match &deflated {
            Some(d) => (DEFLATED, d.as_slice()),
            None => (STORED, bytes.as_slice()),
        };
        let record = Record {
            flags: if name.is_ascii() { 0 } else { UTF8_NAME },
            method,
            crc: libdeflater::crc32(bytes),
            compressed: data.len() as u32,
            size,
            offset: u32::try_from(out.len())
                .map_err(|_| ZipError::TooLarge("the package".into()))?,
        };
        put32(&mut out, LOCAL_HEADER);
        put16(&mut out, VERSION);
        put_common(&mut out, &record, time, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        records.push(record);
    }
    let directory = out.len();
    for ((name, _), record) in entries.iter().zip(&records) {
        put32(&mut out, CENTRAL_HEADER);
        put16(&mut out, MADE_BY);
        put16(&mut out, VERSION);
        put_common(&mut out, record, time, name.len() as u16);
        put16(&mut out, 0); // extra field length
        put16(&mut out, 0); // comment length
        put16(&mut out, 0); // disk number
        put16(&mut out, 0); // internal attributes
        put32(&mut out, PERMISSIONS);
        put32(&mut out, record.offset);
        out.extend_from_slice(name.as_bytes());
    }
    let too_large = || ZipError::TooLarge("the package".into());
    let directory_size = u32::try_from(out.len() - directory).map_err(|_| too_large())?;
    let directory = u32::try_from(directory).map_err(|_| too_large())?;
    put32(&mut out, END_OF_DIRECTORY);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk where the directory starts
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, directory_size);
    put32(&mut out, directory);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// The fields a local header and a directory record share, from the flags to the
/// name length.
fn put_common(out: &mut Vec<u8>, record: &Record, time: DosTime, name_len: u16) {
    put16(out, record.flags);
    put16(out, record.method);
    put16(out, time.time);
    put16(out, time.date);
    put32(out, record.crc);
    put32(out, record.compressed);
    put32(out, record.size);
    put16(out, name_len);
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn a_zip_reader_finds_every_part_with_its_bytes_date_and_method() {
        let entries = vec![
            ("[Content_Types].xml".to_string(), b"<Types/>".to_vec()),
            (
                "word/document.xml".to_string(),
                "<w:p>clause</w:p>".repeat(500).into_bytes(),
            ),
            ("word/média/ü.txt".to_string(), Vec::new()),
        ];
        // 2027-03-04 05:06:08 UTC.
        let bytes = zip(&entries, DosTime::from_unix(1_804_136_768)).unwrap();
        let mut archive = ::zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        for (i, (name, data)) in entries.iter().enumerate() {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(file.name().unwrap(), name.as_str());
            let when = file.last_modified().unwrap();
            assert_eq!(
                (
                    when.year(),
                    when.month(),
                    when.day(),
                    when.hour(),
                    when.minute(),
                    when.second()
                ),
                (2027, 3, 4, 5, 6, 8)
            );
            assert_eq!(file.unix_mode(), Some(0o100_644));
            let mut back = Vec::new();
            file.read_to_end(&mut back).unwrap();
            assert_eq!(&back, data);
        }
        let mut method = |i| archive.by_index(i).unwrap().compression();
        assert_eq!(
            method(0),
            ::zip::CompressionMethod::Stored,
            "8 bytes do not shrink"
        );
        assert_eq!(method(1), ::zip::CompressionMethod::Deflated);
    }

    #[test]
    fn dates_outside_what_zip_holds_are_clamped() {
        assert_eq!(DosTime::from_unix(0), DosTime::from_unix(315_532_800));
        let last = DosTime::from_unix(i64::MAX);
        assert_eq!(last.date >> 9, 127);
        assert_eq!(
            DosTime::from_unix(315_532_800),
            DosTime {
                time: 0,
                date: (1 << 5) | 1
            }
        );
    }

    #[test]
    fn too_many_parts_are_refused_not_wrapped() {
        let entries = vec![(String::from("a"), Vec::new()); 65_536];
        assert_eq!(
            zip(&entries, DosTime::from_unix(0)),
            Err(ZipError::TooManyParts(65_536))
        );
    }
}
