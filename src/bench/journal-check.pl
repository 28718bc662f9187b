#!/usr/bin/perl
# Checks an agent journal (FILE, its rotated files FILE.<stamp>, and FILE.state): sequence numbers
# whole and unrepeated, each listener's events alternating opened/closed and each finding's
# raised/resolved, and the journal replayed equal to the state the agent saved. Prints one line per
# problem and a summary; exits 1 on any problem.
# Usage: journal-check.pl JOURNAL
use strict;
use warnings;
use JSON::PP;

my ($journal) = @ARGV;
die "usage: journal-check.pl JOURNAL\n" unless defined $journal;
my ($dir, $base) = $journal =~ m{^(.*)/([^/]+)$} ? ($1, $2) : (".", $journal);
opendir my $d, $dir or die "$dir: $!\n";
my @files = sort grep { /^\Q$base\E\.\d/ } readdir $d;
closedir $d;
my @events; my $torn = 0; my $json = JSON::PP->new;
for my $f ((map { "$dir/$_" } @files), $journal) {
    next unless -e $f;
    open my $h, "<", $f or die "$f: $!";
    while (my $line = <$h>) { my $e = eval { $json->decode($line) }; if ($e) { push @events, $e } else { $torn++ } }
}
@events = sort { $a->{seq} <=> $b->{seq} } @events;
my ($bad, %open, %raised, %count) = (0);
for my $i (0 .. $#events) {
    my $e = $events[$i];
    if ($e->{seq} != $i + 1) { print "journal: event $i has seq $e->{seq}, expected ", $i + 1, "\n"; $bad++; last }
    my $l = $e->{listener};
    my $id = join "|", $l->{protocol}, $l->{exposure}, $l->{port}, $l->{executable};
    $count{$e->{event}}++;
    if ($e->{event} eq "listener-opened") { $bad++, print "journal: $id opened twice (seq $e->{seq})\n" if $open{$id}++ }
    elsif ($e->{event} eq "listener-closed") { $bad++, print "journal: $id closed while not open (seq $e->{seq})\n" unless delete $open{$id} }
    elsif ($e->{event} eq "finding-raised") { my $fp = $e->{finding}{fingerprint}; $bad++, print "journal: finding $fp raised twice\n" if $raised{$fp}++ }
    elsif ($e->{event} eq "finding-resolved") { my $fp = $e->{finding}{fingerprint}; $bad++, print "journal: finding $fp resolved while not raised\n" unless delete $raised{$fp} }
}
open my $s, "<", "$journal.state" or die "no state file: $!";
my $state = $json->decode(do { local $/; <$s> });
my %final = map { (join "|", $_->{protocol}, $_->{exposure}, $_->{port}, $_->{executable}) => 1 } @{ $state->{listeners} };
my @missing = grep { !$final{$_} } keys %open; my @extra = grep { !$open{$_} } keys %final;
if (@missing || @extra) { printf "journal: replay and final state differ: %d only in the replay, %d only in the state\n",
    scalar @missing, scalar @extra; $bad++ }
if ($state->{seq} != @events) { print "journal: state is at seq $state->{seq} but the journal has ", scalar @events, " events\n"; $bad++ }
printf "journal: %d events in %d files (%s), %d torn lines; %s\n", scalar @events, @files + 1,
    join(", ", map { "$_ $count{$_}" } sort keys %count), $torn,
    $bad ? "$bad problems" : "none lost or doubled, replay equals the final state";
exit($bad ? 1 : 0);
