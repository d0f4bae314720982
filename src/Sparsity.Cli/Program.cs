using System.CommandLine;
using Sparsity.Cli;

var sizeOption = new Option<int>("--hidden") { Description = "Hidden units H of the demonstrated recurrent matrix R: [3H, H]", DefaultValueFactory = _ => 512 };
var sparsityOption = new Option<double>("--sparsity") { Description = "Fraction of weights pruned by magnitude, in [0, 1)", DefaultValueFactory = _ => 0.9 };
var seedOption = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
var root = new RootCommand("Sparsity: sparse, event-based recurrent language models on CPUs. With no command, runs a short demonstration of the storage formats and kernels.")
{
    sizeOption, sparsityOption, seedOption,
};
root.SetAction(parse => StorageDemo.Run(parse.GetValue(sizeOption), parse.GetValue(sparsityOption), parse.GetValue(seedOption), Console.Out));
return root.Parse(args).Invoke();
