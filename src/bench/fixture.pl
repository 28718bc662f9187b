#!/usr/bin/perl
# Benchmark fixture: P processes that together hold N listening TCP sockets and E established TCP
# connections (2E sockets), on loopback only. Prints "ready" when every socket is open, then lives
# at most LIFETIME seconds and stops by itself (the children go with it).
# Usage: fixture.pl N E P [LIFETIME]     e.g. fixture.pl 8000 21000 500 600
use strict;
use warnings;
use IO::Socket::INET;
use POSIX ();

my ($n, $e, $p, $lifetime) = @ARGV;
die "usage: fixture.pl LISTENERS CONNECTIONS PROCESSES [LIFETIME]\n" unless defined $p && $p > 0;
$lifetime //= 600;
$| = 1;
pipe(my $ready_r, my $ready_w) or die "pipe: $!";
my @kids;
for my $i (0 .. $p - 1) {
    my $listeners = int($n / $p) + ($i < $n % $p ? 1 : 0);
    my $conns = int($e / $p) + ($i < $e % $p ? 1 : 0);
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        close $ready_r;
        # spread sockets over loopback addresses so no single address runs out of ports
        my $host = "127.0." . (1 + int($i / 200)) . "." . (1 + $i % 200);
        my @keep;
        my @l;
        for (1 .. $listeners) {
            my $s = IO::Socket::INET->new(LocalAddr => $host, LocalPort => 0, Listen => 128, Proto => 'tcp',
                ReuseAddr => 1) or die "listen on $host: $!";
            push @l, $s;
        }
        my $srv = $l[0] // IO::Socket::INET->new(LocalAddr => $host, LocalPort => 0, Listen => 128,
            Proto => 'tcp') or die "listen: $!";
        push @keep, $srv unless @l;
        for (1 .. $conns) {
            my $c = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $srv->sockport, LocalAddr => $host,
                Proto => 'tcp') or die "connect: $!";
            my $a = $srv->accept or die "accept: $!";
            push @keep, $c, $a;
        }
        syswrite $ready_w, "1";
        close $ready_w;
        my $parent = getppid();
        for (1 .. $lifetime) {
            sleep 1;
            POSIX::_exit(0) if getppid() != $parent;
        }
        POSIX::_exit(0);
    }
    push @kids, $pid;
}
close $ready_w;
my $got = 0;
while ($got < $p) {
    my $r = sysread($ready_r, my $buf, 4096);
    last unless $r;
    $got += $r;
}
die "only $got of $p processes came up\n" if $got < $p;
print "ready $$\n";
local $SIG{TERM} = sub { kill 'KILL', @kids; exit 0 };
local $SIG{INT} = $SIG{TERM};
sleep $lifetime;
kill 'KILL', @kids;
waitpid($_, 0) for @kids;
