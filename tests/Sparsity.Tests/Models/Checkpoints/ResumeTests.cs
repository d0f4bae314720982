using Sparsity.Core.Sparse;
using Sparsity.Models.Checkpoints;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;
using Sparsity.Models.Randomness;

namespace Sparsity.Tests.Models.Checkpoints;

/// <summary>
/// Resume-exactness end to end: a run interrupted by a checkpoint (parameters, masks, AdamW state, random state and
/// position) and resumed in fresh objects ends bit-identical to the uninterrupted run.
/// </summary>
[TestFixture]
public sealed class ResumeTests
{
    private sealed class Run
    {
        public Run()
        {
            var w = new Parameter("W", ParameterKind.RecurrentKernel, 6, 5);
            var theta = new Parameter("theta", ParameterKind.Threshold, 6) { Minimum = 0, Maximum = 1, WeightDecay = false };
            var init = new DeterministicRandom(1);
            for (int i = 0; i < w.Length; i++)
            {
                w.Value[i] = init.NextSingle() - 0.5f;
            }

            theta.Value.AsSpan().Fill(0.5f);
            w.Mask = SparsityMask.FromMagnitude(w.AsMatrix(), 0.2f);
            Parameters = NamedParameter.WithPrefix("layers.0.", [w, theta]);
            Optimizer = new AdamW(Parameters, new AdamWOptions { Beta1 = 0.9, WeightDecay = 0.1 });
        }

        public IReadOnlyList<NamedParameter> Parameters { get; }

        public AdamW Optimizer { get; }

        public DeterministicRandom Random { get; } = new(77);

        public long Step { get; set; }

        /// <summary>One "training" step: random gradients (standing in for backprop), clipping, scheduled update.</summary>
        public void TrainStep(LearningRateSchedule schedule)
        {
            foreach ((_, Parameter p) in Parameters)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Gradient[i] = (float)Random.NextGaussian();
                }
            }

            GradientClipping.ClipGlobalNorm(Parameters, 1f);
            Optimizer.Update((float)schedule.RateAt(Step++));
        }
    }

    [Test]
    public void ResumeFromCheckpoint_EndsBitIdenticalToUninterruptedRun()
    {
        var schedule = new LearningRateSchedule(0.05, totalSteps: 10, decayFraction: 0.5, warmupSteps: 2);
        var straight = new Run();
        var interrupted = new Run();
        for (int i = 0; i < 4; i++)
        {
            straight.TrainStep(schedule);
            interrupted.TrainStep(schedule);
        }

        string directory = Directory.CreateTempSubdirectory("sparsity-ckpt-").FullName;
        try
        {
            (IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, SparsityMask> masks) = ParameterSnapshot.Capture(interrupted.Parameters);
            var position = new ScalarRecord();
            position.Set("step", interrupted.Step);
            string path = Path.Combine(directory, "run.ckpt");
            CheckpointWriter.Write(path, new Checkpoint
            {
                ModelConfiguration = "{}",
                Parameters = tensors,
                Masks = masks,
                Optimizer = interrupted.Optimizer.ExportState(),
                RandomState = interrupted.Random.GetState(),
                Position = position,
            });

            Checkpoint read = CheckpointReader.Read(path);
            var resumed = new Run(); // fresh objects, as in a new process
            ParameterSnapshot.Restore(read, resumed.Parameters);
            resumed.Optimizer.ImportState(read.Optimizer!);
            resumed.Random.SetState([.. read.RandomState]);
            resumed.Step = read.Position.GetInt64("step");
            for (int i = 0; i < 6; i++)
            {
                straight.TrainStep(schedule);
                resumed.TrainStep(schedule);
            }

            for (int k = 0; k < straight.Parameters.Count; k++)
            {
                Assert.That(
                    resumed.Parameters[k].Parameter.Value.Select(BitConverter.SingleToInt32Bits),
                    Is.EqualTo(straight.Parameters[k].Parameter.Value.Select(BitConverter.SingleToInt32Bits)),
                    straight.Parameters[k].Name);
            }

            Assert.That(resumed.Optimizer.StepCount, Is.EqualTo(straight.Optimizer.StepCount));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
