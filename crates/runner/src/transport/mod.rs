//! The transport: how a scenario's request reaches an answer. One [`Transport`] per run, one
//! [`Transport::send`]:
//! - [`Transport::Network`]: the HTTP client ([`network`]: no redirects, timeouts, the body
//!   cap, `Content-Encoding` decoded), paced to `--rate`;
//! - [`Transport::Replay`]: answers from a recording, no HTTP client at all;
//! - [`Transport::DryRun`]: answers with a stand-in ([`dry_run`]).
//!
//! Each attempt is emitted as it goes out and as it comes back (`crate::events`:
//! [`Event::RequestSent`], [`Event::AnswerReceived`]): the terminal prints a dry run's, a
//! recording (`--record`) saves each exchange. The transport itself prints and writes nothing.
//!
//! Throttled answers (429, 503, Huawei's APIG.0308; not the status a documented fault asked
//! for provokes, which is the answer under test) are retried the same way in all three
//! ([`throttle`]), and so is a request that is safe to repeat ([`Sent::repeatable`]) whose
//! kept-alive connection the server closed: it is sent once more, on a new connection
//! ([`network`]); a request that is not safe to repeat is never sent twice. Every attempt is
//! an exchange (an event) of its own. A request that could not complete is a
//! [`TransportError`] of one exact class ([`classify`]).

mod classify;
mod decode;
pub(crate) mod dry_run;
pub(crate) mod network;
pub(crate) mod throttle;

use std::sync::Arc;
use std::time::Duration;

use conformance_contract::Contracts;

use crate::RunOptions;
use crate::ci::replay::Recordings;
use crate::events::{Event, Events};
use crate::wire::{ErrorClass, Received, Sent, TransportError};

use classify::KEPT_ALIVE_CLOSED;
pub(crate) use dry_run::DryRun;
pub(crate) use network::Network;
use throttle::{Pacer, Retry};

/// Where a run's requests go; see the module doc.
#[derive(Debug)]
pub(crate) enum Transport {
    /// Over the network.
    Network {
        /// The client.
        net: Network,
        /// `--rate`, when limited.
        pacer: Option<Pacer>,
        /// `--retries` and the waits.
        retry: Retry,
    },
    /// `--replay DIR`.
    Replay {
        /// The recording.
        recordings: Arc<Recordings>,
        /// Retried as when recorded, without waiting.
        retry: Retry,
    },
    /// `--dry-run`.
    DryRun(DryRun),
}

/// A scenario's place on the transport: its id and how many requests it has sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScenarioTape {
    /// The scenario's id.
    pub scenario: String,
    /// Requests sent so far (each retry counts).
    pub sent: usize,
}

/// Why a request got no answer.
#[derive(Debug)]
pub(crate) enum Unanswered {
    /// The request could not complete (the scenario errors).
    Transport(TransportError),
    /// The recording does not hold this request (the scenario fails).
    Replay(String),
}

/// The default `--rate` against a target that is neither the embedded stub nor loopback.
pub const DEFAULT_REMOTE_RATE: u32 = 5;

/// The requests per second a run sends at most (0: no limit): `--rate`, else none against a
/// `local` target (the embedded stub, loopback) and [`DEFAULT_REMOTE_RATE`] against any other.
pub(crate) fn rate(opts: &RunOptions, local: bool) -> u32 {
    opts.rate.unwrap_or(if local { 0 } else { DEFAULT_REMOTE_RATE })
}

impl Transport {
    /// The run's transport: a replay of `recordings`; else a dry run when there is no
    /// `network` (`--dry-run`); else the network, paced (no limit against a `local` target by
    /// default).
    pub(crate) fn for_run(
        opts: &RunOptions,
        network: Option<Network>,
        local: bool,
        recordings: Option<&Arc<Recordings>>,
        contracts: &Arc<Contracts>,
    ) -> Transport {
        match (recordings, network) {
            (Some(r), _) => Transport::Replay { recordings: Arc::clone(r), retry: opts.retry },
            (None, None) => Transport::DryRun(DryRun { contracts: Arc::clone(contracts) }),
            (None, Some(net)) => Transport::Network { net, pacer: Pacer::new(rate(opts, local)), retry: opts.retry },
        }
    }

    /// The transport of planning: stand-in answers, nothing sent.
    pub(crate) fn plan(contracts: &Arc<Contracts>) -> Transport {
        Transport::DryRun(DryRun { contracts: Arc::clone(contracts) })
    }

    /// Sends `sent` (a request of operation `op`) for the scenario on `tape`, retrying
    /// throttled answers, and sending a [`Sent::repeatable`] request once more, on a new
    /// connection, when the server closed the kept-alive one it went out on; the answer carries
    /// one line per earlier attempt. Each attempt is emitted to `events`.
    pub(crate) async fn send(
        &self,
        events: &Events,
        tape: &mut ScenarioTape,
        op: &str,
        sent: &Sent,
    ) -> Result<Received, Unanswered> {
        let scenario = tape.scenario.clone();
        let scenario = scenario.as_str();
        let retry = match self {
            Transport::DryRun(d) => {
                tape.sent += 1;
                let n = tape.sent;
                events.emit(&Event::RequestSent { scenario, n, sent });
                let answer = d.send(n, op, sent);
                events.emit(&Event::AnswerReceived { scenario, op, n, sent, answer: Ok(&answer), note: None });
                return Ok(answer);
            }
            Transport::Network { retry, .. } | Transport::Replay { retry, .. } => *retry,
        };
        let mut notes: Vec<String> = Vec::new();
        let mut throttles: u32 = 0;
        let mut fresh = false;
        let mut waited = Duration::ZERO;
        loop {
            tape.sent += 1;
            let n = tape.sent;
            let attempt = notes.len() + 1;
            events.emit(&Event::RequestSent { scenario, n, sent });
            let answer = self.once(tape, sent, fresh).await;
            // What follows: `None` done; else the wait before the next attempt (`None`: no
            // next attempt) and this attempt's note.
            let verdict = match &answer {
                Ok(a) => throttle::throttled(a).filter(|_| sent.provoked != Some(a.status)).map(|why| {
                    throttles += 1;
                    match retry.wait(throttles, a, waited) {
                        Ok(wait) => (
                            Some(wait),
                            format!("attempt {attempt}: throttled ({why}), retried after {}s", wait.as_secs_f64()),
                        ),
                        Err(stop) => (None, format!("attempt {attempt}: throttled ({why}); {stop}")),
                    }
                }),
                Err(Unanswered::Transport(e))
                    if e.class == ErrorClass::KeptAliveClosed && sent.repeatable && !fresh =>
                {
                    fresh = true;
                    Some((
                        Some(Duration::ZERO),
                        format!("attempt {attempt}: {KEPT_ALIVE_CLOSED}; sent again on a new connection"),
                    ))
                }
                Err(_) => None,
            };
            let result = match &answer {
                Ok(a) => Some(Ok(a)),
                Err(Unanswered::Transport(e)) => Some(Err(e)),
                Err(Unanswered::Replay(_)) => None,
            };
            if let Some(answer) = result {
                let note = verdict.as_ref().map(|(_, n)| n.as_str());
                events.emit(&Event::AnswerReceived { scenario, op, n, sent, answer, note });
            }
            let Some((wait, note)) = verdict else {
                return answer.map(|a| Received { retries: notes, ..a });
            };
            notes.push(note);
            match (wait, answer) {
                (Some(wait), _) => {
                    if matches!(self, Transport::Network { .. }) && !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                    waited += wait;
                }
                (None, answer) => {
                    let (status, reason) = answer.map(|a| (a.status, a.reason)).unwrap_or_default();
                    let summary = format!("throttled: {throttles} attempt(s), the last answered {status} {reason}");
                    let e = TransportError::new(ErrorClass::Throttled, summary, &sent.url, notes);
                    return Err(Unanswered::Transport(e));
                }
            }
        }
    }

    /// One attempt: paced and sent (on a new connection when `fresh`), or answered from the
    /// recording.
    async fn once(&self, tape: &ScenarioTape, sent: &Sent, fresh: bool) -> Result<Received, Unanswered> {
        match self {
            Transport::Network { net, pacer, .. } => {
                if let Some(p) = pacer {
                    p.wait().await;
                }
                net.send(sent, fresh).await.map_err(Unanswered::Transport)
            }
            Transport::Replay { recordings, .. } => recordings
                .answer(&tape.scenario, tape.sent, sent)
                .map_err(Unanswered::Replay)?
                .map_err(Unanswered::Transport),
            Transport::DryRun(_) => Err(Unanswered::Replay("internal: a dry run sends nothing".into())),
        }
    }
}
