//! CI features of a run: the regression [`gate`] against a stored baseline, [`shard`]ing the
//! suite across jobs, and the recording format: [`record`] writes every exchange to a folder
//! that [`replay`] loads to re-judge offline. The gate works on a finished [`crate::Report`];
//! shards and replay change which scenarios run (`crate::plan::select`). Sending, and answering from a
//! recording, is the transport's (`crate::transport`).

mod baseline;
pub mod gate;
pub mod record;
pub mod replay;
pub mod shard;
