//! The two table forms of reStructuredText the pages use, read into rows of cells that keep
//! every fragment's line: grid tables (`+---+` borders, `|` between cells, `+===+` under the
//! header) and simple tables (`=== ===` borders, columns by the border's runs, a blank first
//! column continuing the row above).

/// One cell: its fragments, one per line it spans (blank fragments separate paragraphs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// `(line, text)`, 1-based lines, text trimmed.
    pub lines: Vec<(usize, String)>,
}

impl Cell {
    /// The fragments joined by new lines, leading and trailing blank ones left out.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.lines.iter().map(|(_, t)| t.as_str()).collect();
        texts.join("\n").trim().to_string()
    }

    /// The first non-blank fragment and its line.
    pub fn first(&self) -> Option<(usize, &str)> {
        self.lines.iter().find(|(_, t)| !t.is_empty()).map(|(n, t)| (*n, t.as_str()))
    }
}

/// A table: its header cells and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The header row's cells (empty when the table has none).
    pub header: Vec<String>,
    /// The body rows.
    pub rows: Vec<Vec<Cell>>,
}

/// Why a table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The line.
    pub line: usize,
    /// What is wrong there.
    pub why: String,
}

/// Reads a table from its lines (`(line, text)`, indentation already removed).
pub fn read(lines: &[(usize, String)]) -> Result<Table, Malformed> {
    match lines.first() {
        Some((_, t)) if t.starts_with('+') => grid(lines),
        Some((_, t)) if t.starts_with('=') => simple(lines),
        Some((n, _)) => Err(Malformed { line: *n, why: "neither a grid nor a simple table".into() }),
        None => Err(Malformed { line: 0, why: "an empty table".into() }),
    }
}

fn grid(lines: &[(usize, String)]) -> Result<Table, Malformed> {
    let first: Vec<char> = lines[0].1.chars().collect();
    let bounds: Vec<usize> = first.iter().enumerate().filter(|(_, c)| **c == '+').map(|(i, _)| i).collect();
    if bounds.len() < 2 {
        return Err(Malformed { line: lines[0].0, why: "a grid border with fewer than two `+`".into() });
    }
    let mut table = Table::default();
    let mut row: Vec<Cell> = vec![Cell::default(); bounds.len() - 1];
    let mut has_row = false;
    for (n, text) in &lines[1..] {
        let chars: Vec<char> = text.chars().collect();
        if chars.first() == Some(&'+') {
            if !chars.iter().all(|c| matches!(c, '+' | '-' | '=')) {
                return Err(Malformed { line: *n, why: "a cell spanning rows".into() });
            }
            if has_row {
                if chars.contains(&'=') && table.header.is_empty() && table.rows.is_empty() {
                    table.header = row.iter().map(Cell::text).collect();
                } else {
                    table.rows.push(row.clone());
                }
            }
            row = vec![Cell::default(); bounds.len() - 1];
            has_row = false;
            continue;
        }
        for (j, w) in bounds.windows(2).enumerate() {
            if chars.get(w[0]) != Some(&'|') {
                return Err(Malformed {
                    line: *n,
                    why: format!("no `|` at column {} (a cell spanning columns?)", w[0] + 1),
                });
            }
            let cell: String = chars.get(w[0] + 1..w[1].min(chars.len())).unwrap_or_default().iter().collect();
            row[j].lines.push((*n, cell.trim().to_string()));
        }
        has_row = true;
    }
    Ok(table)
}

fn simple(lines: &[(usize, String)]) -> Result<Table, Malformed> {
    let border: Vec<char> = lines[0].1.chars().collect();
    let mut starts = Vec::new();
    for (i, c) in border.iter().enumerate() {
        if *c == '=' && (i == 0 || border[i - 1] == ' ') {
            starts.push(i);
        }
    }
    let is_border = |t: &str| !t.is_empty() && t.chars().all(|c| c == '=' || c == ' ');
    let borders: Vec<usize> = lines.iter().enumerate().filter(|(_, (_, t))| is_border(t)).map(|(i, _)| i).collect();
    let header_end = if borders.len() >= 3 { borders[1] } else { 0 };
    let mut table = Table::default();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (i, (n, text)) in lines.iter().enumerate().skip(1) {
        if is_border(text) || text.trim().is_empty() || text.trim().chars().all(|c| c == '-' || c == ' ') {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let cells: Vec<String> = (0..starts.len())
            .map(|j| {
                let from = starts[j].min(chars.len());
                let to = starts.get(j + 1).copied().unwrap_or(chars.len()).min(chars.len());
                chars[from..to].iter().collect::<String>().trim().to_string()
            })
            .collect();
        if i < header_end {
            table.header = cells;
            continue;
        }
        let continues = cells[0].is_empty() && !rows.is_empty();
        if !continues {
            rows.push(vec![Cell::default(); starts.len()]);
        }
        if let Some(row) = rows.last_mut() {
            for (j, c) in cells.into_iter().enumerate() {
                if !c.is_empty() || !continues {
                    row[j].lines.push((*n, c));
                }
            }
        }
    }
    table.rows = rows;
    Ok(table)
}
