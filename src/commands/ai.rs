//! `mlprep ai check` and `mlprep ai eval`: is the configured model reachable and usable, and how
//! far does it agree with hand labels. Remote endpoints need the user's agreement once per host.

use crate::ai::eval::{self, EvalSet};
use crate::ai::grade::{GradeRequest, RowSpec, grade};
use crate::ai::{AiConfig, ChatClient};
use crate::cli::{AiArgs, AiWhat};
use crate::config::Settings;
use crate::content::load_roots;
use crate::store::Store;
use anyhow::{Context, Result, bail};
use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::AtomicBool;

pub fn run(settings: &Settings, args: &AiArgs) -> Result<i32> {
    if let AiWhat::Eval {
        set,
        limit,
        baseline: true,
    } = &args.what
    {
        // The baseline needs no model: nothing is configured, nothing connects.
        let text = eval_text(set.as_deref())?;
        return run_eval(settings, None, &text, *limit);
    }
    let Some(cfg) = AiConfig::active(settings.ai.as_ref()) else {
        println!(
            "The AI interviewer is off. To use a model you run, add to {}:\n\n[ai]\nendpoint = \"http://localhost:11434/v1\"   # Ollama; llama.cpp, vLLM, LM Studio work too\nmodel = \"qwen2.5:7b-instruct\"\n\nSee \"AI interviewer (optional)\" in the README.",
            settings
                .config_path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "config.toml".into())
        );
        return Ok(1);
    };
    ensure_consent(settings, cfg)?;
    let client = ChatClient::new(cfg);
    match &args.what {
        AiWhat::Check => check(&client),
        AiWhat::Eval { set, limit, .. } => {
            let text = eval_text(set.as_deref())?;
            run_eval(settings, Some(&client), &text, *limit)
        }
    }
}

/// The evaluation set: a file the user names, or the shipped one.
fn eval_text(set: Option<&std::path::Path>) -> Result<String> {
    Ok(match set {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        None => eval::SHIPPED_SET.to_string(),
    })
}

/// Answers go to a host that is not this machine only after the user agreed once (recorded in
/// the database).
pub fn ensure_consent(settings: &Settings, cfg: &AiConfig) -> Result<()> {
    if cfg.is_local() {
        return Ok(());
    }
    let host = cfg.host();
    let mut store = Store::open(&settings.db_path)?;
    if store.ai_consented(&host)? {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!(
            "answers would be sent to {host}, which is not this machine; run `mlprep ai check` in a terminal once to agree"
        );
    }
    print!(
        "mlprep will send card text and your typed answers to {host} (not this machine). Continue? [y/N] "
    );
    std::io::stdout().flush()?;
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    if !matches!(line.trim(), "y" | "Y" | "yes") {
        bail!("not sending anything to {host}");
    }
    store.ai_consent(&host, chrono::Utc::now())?;
    Ok(())
}

fn check(client: &ChatClient) -> Result<i32> {
    let cfg = client.config();
    println!(
        "endpoint  {} ({})",
        cfg.endpoint,
        if cfg.is_local() {
            "this machine"
        } else {
            "remote"
        }
    );
    match (&cfg.api_key_env, cfg.api_key()) {
        (Some(name), Some(_)) => println!("api key   from ${name}"),
        (Some(name), None) => println!("api key   ${name} is not set"),
        (None, _) => println!("api key   none"),
    }
    let models = match client.models() {
        Ok(m) => m,
        Err(e) => {
            println!("models    FAILED: {e}");
            return Ok(1);
        }
    };
    let listed = models.iter().any(|m| m == &cfg.model);
    println!(
        "models    {} listed{}",
        models.len(),
        if models.is_empty() {
            String::new()
        } else {
            format!(": {}", models.join(", "))
        }
    );
    if !listed && !models.is_empty() {
        println!(
            "          warning: `{}` is not among them (check `model` in [ai])",
            cfg.model
        );
    }
    let req = GradeRequest {
        card_id: "ai-check".into(),
        prompt: "What does the learning rate control in gradient descent?".into(),
        reference: "The step size of each parameter update; too large diverges, too small is slow."
            .into(),
        key_points: vec![
            "The size of each update step".into(),
            "Too large a rate diverges or oscillates".into(),
        ],
        rows: vec![RowSpec {
            id: "r1".into(),
            name: "Knowledge".into(),
        }],
        answer: "It sets the size of each update step. If it is too large, training diverges."
            .into(),
    };
    match grade(client, &req, &AtomicBool::new(false), &mut |_| {}) {
        Ok(out) => {
            let covered = out.grading.ticks().iter().filter(|t| **t).count();
            println!(
                "grading   ok in {} ms ({} attempt(s)); {covered} of 2 key points covered (expected 2)",
                out.latency.as_millis(),
                out.attempts
            );
            Ok(0)
        }
        Err(e) => {
            println!("grading   FAILED: {e}");
            Ok(1)
        }
    }
}

/// Grades the set with the model (`client`), or with the keyword baseline when `None`.
fn run_eval(
    settings: &Settings,
    client: Option<&ChatClient>,
    text: &str,
    limit: Option<usize>,
) -> Result<i32> {
    let lib = load_roots(&settings.roots);
    let cards = eval::cards_by_id(&lib);
    let set: EvalSet = match eval::load(text, &cards) {
        Ok(s) => s,
        Err(problems) => {
            for p in problems {
                eprintln!("mlprep: eval set: {p}");
            }
            return Ok(1);
        }
    };
    let on_case = |card: &str, label: &str, r: Result<f64, &crate::ai::AiError>| match r {
        Ok(acc) => println!("  {card:<40} {label:<8} {:>4.0}% agreement", acc * 100.0),
        Err(e) => println!("  {card:<40} {label:<8} failed: {e}"),
    };
    let report = match client {
        Some(client) => {
            let cfg = client.config();
            println!("model {} at {}", cfg.model, cfg.host());
            eval::run(client, &set, &cards, limit, on_case)
        }
        None => {
            println!("keyword baseline (no model)");
            eval::run_with(
                &set,
                &cards,
                limit,
                |req| {
                    let started = std::time::Instant::now();
                    let grading = eval::keyword_grading(req);
                    Ok(crate::ai::grade::Outcome {
                        grading,
                        latency: started.elapsed(),
                        attempts: 1,
                    })
                },
                on_case,
            )
        }
    };
    let p = &report.points;
    println!(
        "\nkey points judged  {}\naccuracy           {:.1}%\nCohen's kappa      {:.3}",
        p.total(),
        p.accuracy() * 100.0,
        p.kappa()
    );
    for label in ["strong", "partial", "wrong"] {
        if let Some(a) = report.by_label.get(label) {
            println!(
                "  {label:<8} accuracy {:.1}% over {} points",
                a.accuracy() * 100.0,
                a.total()
            );
        }
    }
    if let Some(m) = report.median_latency() {
        println!(
            "median latency     {} ms over {} gradings",
            m.as_millis(),
            report.latencies.len()
        );
    }
    if !report.failures.is_empty() {
        println!(
            "fell back to self-scoring {} time(s):",
            report.failures.len()
        );
        for f in &report.failures {
            println!("  {f}");
        }
    }
    Ok(0)
}
