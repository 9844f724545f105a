//! A model request on a worker thread, so the TUI never blocks: the event loop polls it each turn
//! with its own clock, shows the elapsed time and the characters received, and can cancel (Esc).
//! A cancelled job's thread finishes on its own (bounded by the client's timeout); its result is
//! dropped.

use super::AiError;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What a poll found.
#[derive(Debug)]
pub enum JobState<T> {
    Running { elapsed: Duration, received: usize },
    Done(Result<T, AiError>),
}

pub struct Job<T> {
    rx: Option<Receiver<Result<T, AiError>>>,
    cancel: Arc<AtomicBool>,
    received: Arc<AtomicUsize>,
    started: Instant,
}

type Work<T> = dyn FnOnce(&AtomicBool, &mut dyn FnMut(usize)) -> Result<T, AiError> + Send;

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread. `now` is the caller's clock.
    pub fn spawn(work: Box<Work<T>>, now: Instant) -> Job<T> {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let received = Arc::new(AtomicUsize::new(0));
        let (c, r) = (cancel.clone(), received.clone());
        let spawned = std::thread::Builder::new()
            .name("mlprep-ai".into())
            .spawn(move || {
                let mut progress = |n: usize| r.store(n, Ordering::Relaxed);
                let _ = tx.send(work(&c, &mut progress));
            });
        let rx = match spawned {
            Ok(_) => Some(rx),
            Err(e) => {
                let (tx, rx) = channel();
                let _ = tx.send(Err(AiError::Unreachable {
                    endpoint: "worker thread".into(),
                    message: e.to_string(),
                }));
                Some(rx)
            }
        };
        Job {
            rx,
            cancel,
            received,
            started: now,
        }
    }

    /// Non-blocking. Returns `Done` once; later polls report `Done(Err(Cancelled))`.
    pub fn poll(&mut self, now: Instant) -> JobState<T> {
        let Some(rx) = &self.rx else {
            return JobState::Done(Err(AiError::Cancelled));
        };
        if self.cancel.load(Ordering::Relaxed) {
            self.rx = None;
            return JobState::Done(Err(AiError::Cancelled));
        }
        match rx.try_recv() {
            Ok(r) => {
                self.rx = None;
                JobState::Done(r)
            }
            Err(TryRecvError::Empty) => JobState::Running {
                elapsed: now.saturating_duration_since(self.started),
                received: self.received.load(Ordering::Relaxed),
            },
            Err(TryRecvError::Disconnected) => {
                self.rx = None;
                JobState::Done(Err(AiError::Protocol("the worker stopped".into())))
            }
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Blocks until the job ends (CLI use).
    pub fn wait(mut self) -> Result<T, AiError> {
        match self.rx.take() {
            Some(rx) => rx
                .recv()
                .unwrap_or_else(|_| Err(AiError::Protocol("the worker stopped".into()))),
            None => Err(AiError::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_progress_then_its_result_once() {
        let gate = Arc::new(AtomicBool::new(false));
        let g = gate.clone();
        let t0 = Instant::now();
        let mut job: Job<u32> = Job::spawn(
            Box::new(move |_c, progress| {
                progress(7);
                while !g.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Ok(42)
            }),
            t0,
        );
        let later = t0 + Duration::from_secs(3);
        loop {
            match job.poll(later) {
                JobState::Running {
                    elapsed,
                    received: 7,
                } => {
                    assert_eq!(elapsed, Duration::from_secs(3));
                    break;
                }
                JobState::Running { .. } => std::thread::sleep(Duration::from_millis(2)),
                JobState::Done(r) => panic!("finished early: {r:?}"),
            }
        }
        gate.store(true, Ordering::Relaxed);
        let r = loop {
            if let JobState::Done(r) = job.poll(later) {
                break r;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        assert_eq!(r.unwrap(), 42);
        assert!(matches!(
            job.poll(later),
            JobState::Done(Err(AiError::Cancelled))
        ));
    }

    #[test]
    fn cancel_ends_the_job_at_once() {
        let job: Job<u32> = Job::spawn(
            Box::new(|c, _| {
                while !c.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(AiError::Cancelled)
            }),
            Instant::now(),
        );
        job.cancel();
        let mut job = job;
        assert!(matches!(
            job.poll(Instant::now()),
            JobState::Done(Err(AiError::Cancelled))
        ));
    }
}
