//! Progress channels: a command argument that names a channel the page
//! opened, through which the command streams messages while it runs (import
//! and backup progress, dropped files). Each transport opens them its own way:
//! Tauri's IPC channels in the window, server-sent events in the bridge.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Where a channel's messages go.
pub type Sink = Arc<dyn Fn(Value) + Send + Sync>;

/// Opens the channel a page named by its id (`None`: no such channel).
pub trait OpenChannel: Send + Sync {
    fn open(&self, id: &str) -> Option<Sink>;
}

impl<F: Fn(&str) -> Option<Sink> + Send + Sync> OpenChannel for F {
    fn open(&self, id: &str) -> Option<Sink> {
        self(id)
    }
}

/// A channel to the page carrying messages of type `T`.
pub struct Channel<T> {
    sink: Sink,
    _message: PhantomData<fn(T)>,
}

impl<T> Clone for Channel<T> {
    fn clone(&self) -> Self {
        Self {
            sink: self.sink.clone(),
            _message: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Channel<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Channel")
    }
}

impl<T: Serialize> Channel<T> {
    /// Sends one message; a page that went away is not an error.
    pub fn send(&self, message: &T) {
        if let Ok(value) = serde_json::to_value(message) {
            (self.sink)(value);
        }
    }
}

thread_local! {
    // The opener of the call being read on this thread: serde reads a
    // channel's id, and only the transport knows what the id means.
    static OPENER: RefCell<Option<Arc<dyn OpenChannel>>> = const { RefCell::new(None) };
}

/// Reads a command's arguments with `channels` opening the channels they name.
pub(crate) fn with_channels<T>(channels: Arc<dyn OpenChannel>, read: impl FnOnce() -> T) -> T {
    OPENER.with(|o| *o.borrow_mut() = Some(channels));
    let read = read();
    OPENER.with(|o| *o.borrow_mut() = None);
    read
}

impl<'de, T> Deserialize<'de> for Channel<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        let sink = OPENER
            .with(|o| o.borrow().as_ref().and_then(|o| o.open(&id)))
            .ok_or_else(|| serde::de::Error::custom("unknown channel"))?;
        Ok(Self {
            sink,
            _message: PhantomData,
        })
    }
}

// In the bindings a channel is the callback that receives its messages.
impl<T: ts_rs::TS + 'static> ts_rs::TS for Channel<T> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(cfg: &ts_rs::Config) -> String {
        format!("(message: {}) => void", T::name(cfg))
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor) {
        v.visit::<T>();
    }
}

/// Lets a progress report through at each new percent and at the end, so a
/// channel to the page is not flooded with one message per buffer.
#[derive(Debug, Default)]
pub(crate) struct PercentSteps {
    last: Option<u64>,
}

impl PercentSteps {
    pub(crate) fn crossed(&mut self, done: u64, total: u64) -> bool {
        let step = (done.saturating_mul(100)).checked_div(total).unwrap_or(100);
        let crossed = self.last != Some(step) || done == total;
        self.last = Some(step);
        crossed
    }
}

/// Bytes done and in all, streamed to a progress bar.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct Transfer {
    pub done: u64,
    pub total: u64,
}

/// `channel` as a `(done, total)` callback, once per percent.
pub(crate) fn throttled(channel: &Channel<Transfer>) -> impl FnMut(u64, u64) + '_ {
    let mut steps = PercentSteps::default();
    move |done, total| {
        if steps.crossed(done, total) {
            channel.send(&Transfer { done, total });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PercentSteps;

    #[test]
    fn progress_goes_through_once_per_percent_and_at_the_end() {
        let mut steps = PercentSteps::default();
        let total = 10_000;
        let sent = (0..=total)
            .step_by(7)
            .filter(|&d| steps.crossed(d, total))
            .count();
        // 0 % to 99 % once each; 10,000 is not a multiple of 7, so the end
        // is reported below.
        assert_eq!(sent, 100);
        assert!(steps.crossed(total, total));
        assert!(steps.crossed(total, total), "the end always goes through");
        assert!(
            PercentSteps::default().crossed(0, 0),
            "an empty file ends at once"
        );
    }
}
