using Spectre.Console;

namespace Sparsity.Cli.Terminal;

/// <summary>Table helpers: cells are plain text (shapes like <c>[3H, I]</c> would otherwise parse as Spectre markup).</summary>
internal static class Tables
{
    public static Table Create(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string c in columns)
        {
            table.AddColumn(Markup.Escape(c));
        }

        return table;
    }

    public static void AddText(this Table table, params string[] cells) => table.AddRow([.. cells.Select(Markup.Escape)]);
}
