//! The vendor families whose account conventions the importer knows: how an imported operation
//! meets an account (its scheme, its profile keys, its error shape). One module per family, as
//! auth schemes are (the tidy test lets these name what fixtures name).

pub mod huawei;
