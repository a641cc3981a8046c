// GanGen from F#: source generators do not run for F#, so the spec is loaded at run time. LoadedSpec runs
// the same spec engine as the build, so the models have the layers and parameter names of the generated
// C# classes. Trains the 1-D GAN (OneDMinibatch) and then a few steps of the DCGAN.
// Usage: dotnet run -c Release --project samples/FSharpGan [-- --spec path.yaml] [--oned-steps N] [--dcgan-steps N] [--no-eval]
open System
open System.IO
open System.Threading
open TorchSharp
open GanGen.Runtime.Evaluation
open GanGen.Runtime.Runs
open GanGen.Runtime.Specs
open GanGen.Spec.Training

type Options = { Spec: string; OneDSteps: int64 option; DcganSteps: int64; Evaluate: bool }

let (|Steps|_|) (text: string) =
    match Int64.TryParse text with
    | true, n when n > 0L -> Some n
    | _ -> None

let rec parse options args =
    match args with
    | [] -> Ok options
    | "--spec" :: path :: rest -> parse { options with Spec = path } rest
    | "--oned-steps" :: Steps n :: rest -> parse { options with OneDSteps = Some n } rest
    | "--dcgan-steps" :: Steps n :: rest -> parse { options with DcganSteps = n } rest
    | "--no-eval" :: rest -> parse { options with Evaluate = false } rest
    | other :: _ -> Error $"unknown or incomplete argument '{other}'"

/// The spec is the repository's, wherever the program is started from: bin/ lies inside the repository.
let repositoryRoot () =
    Some(DirectoryInfo AppContext.BaseDirectory)
    |> Seq.unfold (Option.map (fun d -> d, Option.ofObj d.Parent))
    |> Seq.tryFind (fun d -> File.Exists(Path.Combine(d.FullName, "GanGen.sln")))
    |> Option.map _.FullName
    |> Option.defaultWith Directory.GetCurrentDirectory

/// Trains into a fresh folder (Start refuses one that holds a run, and a sample should be repeatable);
/// `inspect` sees the trained run before it is disposed with its networks.
let train (cancel: CancellationToken) (evaluation: EvaluationOptions) folder (definition: GanDefinition) settings (inspect: TrainingRun -> unit) =
    if Directory.Exists folder then Directory.Delete(folder, true)
    use run = TrainingRun.Start(definition, folder, settings, evaluation = evaluation)
    printfn "%s: %d steps into %s" definition.Name run.TotalSteps folder
    let every = max run.SampleEvery (run.TotalSteps / 10L) // about ten lines per run
    let report (p: RunProgress) =
        if p.Measured.Step % every = 0L then
            let m = p.Measured
            printfn "  step %5d  D %.3f  G %.3f  D(x) %.2f  D(G(z)) %.2f  %.0f steps/s"
                m.Step m.DiscriminatorLoss m.GeneratorLoss m.RealScore m.FakeScore p.StepsPerSecond
    let result = run.Run(report, cancel)
    printfn "%s" result.Message
    if result.QualitySummary <> "" then printfn "%s" result.QualitySummary
    if result.Outcome = RunOutcome.Completed then
        inspect run
        0
    else
        1

/// Mean and std of 10,000 values from the trained generator (its spec's noise, seeded: repeatable).
let describeOneD (settings: TrainingSettings) (run: TrainingRun) =
    use samples = run.Generate(10_000L, seed = 42L)
    printfn "generated mean %.3f, std %.3f (data: N(%g, %g))"
        (samples.mean().item<float32> ()) (samples.std().item<float32> ()) settings.Data.Means[0] settings.Data.Std

[<EntryPoint>]
let main argv =
    let defaults = { Spec = Path.Combine(repositoryRoot (), "src", "Models.yaml"); OneDSteps = None; DcganSteps = 20L; Evaluate = true }
    match parse defaults (List.ofArray argv) with
    | Error message -> eprintfn "error: %s" message; 2
    | Ok options ->
        // Two threads are what this machine's two cores do best with; more only contend.
        torch.set_num_threads 2
        // Ctrl-C stops a run after its current step with a checkpoint, instead of killing it mid-write.
        use cancellation = new CancellationTokenSource()
        Console.CancelKeyPress.Add(fun e -> e.Cancel <- true; cancellation.Cancel())
        // Image metrics need a classifier of the dataset, trained once (minutes) and cached; --no-eval skips
        // them for the DCGAN. The 1-D GAN's JSD costs nothing.
        let imageEvaluation = if options.Evaluate then EvaluationOptions.Default else EvaluationOptions.Off
        let train = train cancellation.Token
        try
            let spec = LoadedSpec.Load options.Spec
            let oneD = spec.Gan "OneDMinibatch"
            let oneDSettings =
                match options.OneDSteps with
                | Some steps -> oneD.RequireTraining().WithSteps steps
                | None -> oneD.RequireTraining()
            let dcgan = spec.Gan "Dcgan"
            match train EvaluationOptions.Default (Path.Combine("runs", "fsharp-oned")) oneD oneDSettings (describeOneD oneDSettings) with
            | 0 -> train imageEvaluation (Path.Combine("runs", "fsharp-dcgan")) dcgan (dcgan.RequireTraining().WithSteps options.DcganSteps) ignore
            | failed -> failed
        with
        // Spec errors, a missing file, an unknown GAN or one without training: one line, not a stack trace.
        | :? SpecException | :? IOException | :? ArgumentException | :? InvalidOperationException as e ->
            eprintfn "error: %s" e.Message; 1
